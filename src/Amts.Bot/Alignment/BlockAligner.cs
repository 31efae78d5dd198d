namespace Amts.Bot.Alignment;

/// <summary>A source-language model of how long a translation is: log(target length / source length) ~ N(log Ratio,
/// Sigma²).</summary>
internal sealed record LengthModel(double Ratio, double Sigma, double Variance)
{
    /// <summary>Before anything is learned: lengths proportional, loosely.</summary>
    public static readonly LengthModel Neutral = new(1.0, 0.6, 1.0);

    /// <summary>How plausible a target length is for a source length, in (0, 1].</summary>
    public double Plausibility(int sourceLength, int targetLength)
    {
        double d = Math.Log(Math.Max(targetLength, 1) / (Math.Max(sourceLength, 1) * Ratio));
        return Math.Exp(-d * d / (2 * Sigma * Sigma));
    }

    /// <summary>Learns the ratio and spread from confidently aligned one-to-one pairs (robustly: median and
    /// MAD).</summary>
    public static LengthModel Learn(IEnumerable<(int Source, int Target)> pairs, LengthModel fallback)
    {
        var logs = pairs
            .Where(p => p.Source >= 20 && p.Target >= 5)
            .Select(p => Math.Log((double)p.Target / p.Source))
            .Order()
            .ToList();
        if (logs.Count < 20)
            return fallback;
        double median = logs[logs.Count / 2];
        var deviations = logs.Select(l => Math.Abs(l - median)).Order().ToList();
        double sigma = Math.Max(0.15, 1.4826 * deviations[deviations.Count / 2]);
        double ratio = Math.Exp(median);
        // Gale–Church variance: (t - s·c)² / s, its median over the pairs.
        var pairVariance = pairs
            .Where(p => p.Source >= 20 && p.Target >= 5)
            .Select(p => Math.Pow(p.Target - p.Source * ratio, 2) / p.Source)
            .Order()
            .ToList();
        double variance = Math.Max(0.5, pairVariance[pairVariance.Count / 2]);
        return new LengthModel(ratio, sigma, variance);
    }
}

/// <summary>A step of an alignment: source blocks (0–2) matched with target blocks (0–2), indices into the documents'
/// blocks.</summary>
internal sealed record BlockPair(
    IReadOnlyList<int> Source,
    IReadOnlyList<int> Target,
    double Confidence,
    string Evidence
);

/// <summary>
/// Aligns the block sequences of an English file and its translation by monotone dynamic programming. A step is
/// a 1–1 match, a 2–1 or 1–2 merge of prose, or a block on one side only (d2l-zh has extra paddle cells and tab
/// groups; translations drop or add paragraphs). Each match scores the evidence in [0, 1]; the path maximises the
/// sum of (score − threshold), so a match must be better than leaving both blocks unmatched.
/// </summary>
internal sealed class BlockAligner(LengthModel lengths)
{
    const double MatchThreshold = 0.3;
    const double MergePenalty = 0.12;

    public IReadOnlyList<BlockPair> Align(IReadOnlyList<BlockFeatures> source, IReadOnlyList<BlockFeatures> target)
    {
        int n = source.Count,
            m = target.Count;
        var score = new double[n + 1, m + 1];
        var step = new byte[n + 1, m + 1]; // 1: source only, 2: target only, 3: 1-1, 4: 2-1, 5: 1-2
        for (int i = 0; i <= n; i++)
        for (int j = 0; j <= m; j++)
        {
            if (i == 0 && j == 0)
                continue;
            double best = double.NegativeInfinity;
            byte how = 0;
            if (i > 0 && score[i - 1, j] > best)
            {
                best = score[i - 1, j];
                how = 1;
            }
            if (j > 0 && score[i, j - 1] > best)
            {
                best = score[i, j - 1];
                how = 2;
            }
            if (i > 0 && j > 0)
            {
                double s = Score(source[i - 1], target[j - 1]);
                if (s >= 0 && score[i - 1, j - 1] + s - MatchThreshold > best)
                {
                    best = score[i - 1, j - 1] + s - MatchThreshold;
                    how = 3;
                }
                if (
                    i > 1
                    && source[i - 1].Kind == AlignKind.Prose
                    && source[i - 2].Kind == AlignKind.Prose
                    && target[j - 1].Kind == AlignKind.Prose
                )
                {
                    double merged = ProseScore(source[i - 2], source[i - 1], target[j - 1], null);
                    double v = score[i - 2, j - 1] + merged - MatchThreshold - MergePenalty;
                    if (v > best)
                    {
                        best = v;
                        how = 4;
                    }
                }
                if (
                    j > 1
                    && target[j - 1].Kind == AlignKind.Prose
                    && target[j - 2].Kind == AlignKind.Prose
                    && source[i - 1].Kind == AlignKind.Prose
                )
                {
                    double merged = ProseScore(source[i - 1], null, target[j - 2], target[j - 1]);
                    double v = score[i - 1, j - 2] + merged - MatchThreshold - MergePenalty;
                    if (v > best)
                    {
                        best = v;
                        how = 5;
                    }
                }
            }
            score[i, j] = best;
            step[i, j] = how;
        }
        var path = new List<BlockPair>();
        for (int i = n, j = m; i > 0 || j > 0; )
        {
            switch (step[i, j])
            {
                case 1:
                    path.Add(new([source[i - 1].Index], [], 0, "source only"));
                    i--;
                    break;
                case 2:
                    path.Add(new([], [target[j - 1].Index], 0, "target only"));
                    j--;
                    break;
                case 3:
                {
                    var (s, t) = (source[i - 1], target[j - 1]);
                    path.Add(new([s.Index], [t.Index], Math.Clamp(Score(s, t), 0, 1), Evidence(s, t)));
                    i--;
                    j--;
                    break;
                }
                case 4:
                    path.Add(
                        new(
                            [source[i - 2].Index, source[i - 1].Index],
                            [target[j - 1].Index],
                            Math.Clamp(
                                ProseScore(source[i - 2], source[i - 1], target[j - 1], null) - MergePenalty,
                                0,
                                1
                            ),
                            "2-1 prose merge"
                        )
                    );
                    i -= 2;
                    j--;
                    break;
                default:
                    path.Add(
                        new(
                            [source[i - 1].Index],
                            [target[j - 2].Index, target[j - 1].Index],
                            Math.Clamp(
                                ProseScore(source[i - 1], null, target[j - 2], target[j - 1]) - MergePenalty,
                                0,
                                1
                            ),
                            "1-2 prose merge"
                        )
                    );
                    i--;
                    j -= 2;
                    break;
            }
        }
        path.Reverse();
        return path;
    }

    /// <summary>The evidence that two blocks carry the same content, in [0, 1]; −1 where their kinds cannot
    /// match.</summary>
    public double Score(BlockFeatures s, BlockFeatures t)
    {
        if (s.Kind != t.Kind)
            return -1;
        if (s.Label != null && t.Label != null)
            return s.Label == t.Label ? 1.0 : 0.05;
        return s.Kind switch
        {
            AlignKind.Prose => ProseScore(s, null, t, null),
            AlignKind.Heading => 0.45
                + (s.Block.HeadingLevel == t.Block.HeadingLevel ? 0.2 : 0)
                + 0.25 * AnchorOverlap(s.Anchors, t.Anchors, 0.5)
                + (s.Label == null && t.Label == null ? 0 : -0.3),
            AlignKind.Code => s.Block.Code!.Tabs.SequenceEqual(t.Block.Code!.Tabs)
                ? (s.Key == t.Key ? 1.0 : 0.35 + 0.65 * Jaccard(s.CodeLines!, t.CodeLines!))
                : 0.1,
            AlignKind.Math => s.Key == t.Key ? 1.0 : 0.3 + 0.6 * Dice(s.KeyBigrams, t.KeyBigrams),
            AlignKind.Figure => s.Key == t.Key ? 1.0 : 0.25,
            AlignKind.Table => 0.35 + 0.55 * AnchorOverlap(s.Anchors, t.Anchors, 0.4),
            AlignKind.TabBegin => s.Key == t.Key ? 0.8 : 0.2,
            AlignKind.TabEnd => 0.6,
            AlignKind.Toc => 0.9,
            _ => s.Key == t.Key ? 0.9 : 0.35,
        };
    }

    /// <summary>Prose: shared anchors (math, roles, code, URLs, numbers), Latin words of the translation found in the
    /// source, and a plausible length. One or two blocks a side (a 1–1 match or a merge): the bags are combined in
    /// place of being built (the DP asks this for nearly every pair of prose blocks of a file).</summary>
    double ProseScore(BlockFeatures s1, BlockFeatures? s2, BlockFeatures t1, BlockFeatures? t2)
    {
        bool sAny = s1.Anchors.Count > 0 || s2?.Anchors.Count > 0,
            tAny = t1.Anchors.Count > 0 || t2?.Anchors.Count > 0;
        // Anchors on one side only is weak counter-evidence (translators drop code formatting, rewrite exercises);
        // anchors on both sides that differ is strong.
        double anchors =
            sAny && tAny
                ? Bags.Overlap(
                    s1.Anchors,
                    s2?.Anchors,
                    s1.AnchorTotal + (s2?.AnchorTotal ?? 0),
                    t1.Anchors,
                    t2?.Anchors,
                    t1.AnchorTotal + (t2?.AnchorTotal ?? 0),
                    0.5
                )
            : !sAny && !tAny ? 0.5
            : 0.25;
        double latin = 0.5;
        var (found, distinct) = Bags.Latin(s1.LatinWords, s2?.LatinWords, t1.LatinWords, t2?.LatinWords);
        if (distinct > 0)
            latin = (double)found / distinct;
        double length = lengths.Plausibility(s1.Length + (s2?.Length ?? 0), t1.Length + (t2?.Length ?? 0));
        return 0.5 * anchors + 0.2 * latin + 0.3 * length;
    }

    /// <summary>Dice over multisets; <paramref name="neutral"/> where neither side has any anchor.</summary>
    public static double AnchorOverlap(Dictionary<string, int> a, Dictionary<string, int> b, double neutral)
    {
        int na = a.Values.Sum(),
            nb = b.Values.Sum();
        if (na + nb == 0)
            return neutral;
        int common = 0;
        foreach (var (k, v) in a)
            if (b.TryGetValue(k, out var w))
                common += Math.Min(v, w);
        return 2.0 * common / (na + nb);
    }

    static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count + b.Count == 0)
            return 1;
        int common = a.Count(b.Contains);
        return (double)common / (a.Count + b.Count - common);
    }

    static double Dice(Dictionary<string, int> a, Dictionary<string, int> b) => AnchorOverlap(a, b, 1.0);

    string Evidence(BlockFeatures s, BlockFeatures t)
    {
        if (s.Label != null && s.Label == t.Label)
            return $"label {s.Label}";
        return s.Kind switch
        {
            AlignKind.Code => s.Key == t.Key ? "identical code" : "similar code",
            AlignKind.Math => s.Key == t.Key ? "identical math" : "similar math",
            AlignKind.Figure => s.Key == t.Key ? $"figure {s.Key}" : "figure",
            AlignKind.Prose => $"anchors {AnchorOverlap(s.Anchors, t.Anchors, double.NaN):F2}, length "
                + $"{lengths.Plausibility(s.Length, t.Length):F2}",
            _ => s.Kind.ToString().ToLowerInvariant(),
        };
    }
}
