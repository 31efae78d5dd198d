namespace Amts.Bot.Evaluation;

internal sealed record ChrfOptions
{
    public int CharOrder { get; init; } = 6;

    /// <summary>0 for chrF, 2 for chrF++.</summary>
    public int WordOrder { get; init; }
    public int Beta { get; init; } = 2;
    public bool Lowercase { get; init; }

    /// <summary>Keep whitespace in character n-grams (sacreBLEU removes it by default).</summary>
    public bool Whitespace { get; init; }

    /// <summary>chrF++.py-style epsilon smoothing instead of sacreBLEU's effective order.</summary>
    public bool EpsSmoothing { get; init; }
}

/// <summary>A chrF score with its summed per-order statistics, [hyp, ref, match] for each order.</summary>
internal sealed record ChrfScore(
    double Score,
    string Name,
    IReadOnlyList<long> Statistics,
    string Signature,
    string ShortSignature
)
{
    public string Format(int width = 2, bool shortSignature = false) =>
        $"{Name}|{(shortSignature ? ShortSignature : Signature)} = {PyFormat.Fixed(Score, width)}";
}

/// <summary>
/// chrF and chrF++ exactly as sacreBLEU 2.x computes them: character n-grams of code points (whitespace removed
/// by default), word n-grams with punctuation split off word edges, the corpus score as the F-beta of precision
/// and recall averaged over the orders present (not a mean of per-order F-scores), and with several references
/// the statistics of the reference with the best sentence F-score (first on ties).
/// </summary>
internal sealed class Chrf
{
    const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    readonly ChrfOptions options;
    readonly int order;

    public Chrf(ChrfOptions? options = null)
    {
        this.options = options ?? new ChrfOptions();
        if (this.options.CharOrder is < 1 or > 6)
            throw new ArgumentException("char order must be 1 to 6");
        if (this.options.WordOrder is < 0 or > 4)
            throw new ArgumentException("word order must be 0 to 4");
        order = this.options.CharOrder + this.options.WordOrder;
    }

    public string Name => $"chrF{options.Beta}" + new string('+', options.WordOrder);

    public ChrfScore Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references)
    {
        Bleu.CheckLengths(hypotheses.Count, references);
        var sum = CorpusStatistics.Sum(
            hypotheses.Count,
            3 * order,
            () => new Scratch(order),
            (i, scratch) => SegmentStatistics(hypotheses[i], references.Select(r => r[i]).ToList(), scratch)
        );
        return FromStatistics(sum, references.Count);
    }

    /// <summary>A segment's sufficient statistics (what <see cref="FromStatistics"/> sums): for bootstrap
    /// resampling.</summary>
    public long[] SegmentStats(string hypothesis, IReadOnlyList<string> references) =>
        SegmentStatistics(hypothesis, references, new Scratch(order));

    public ChrfScore Sentence(string hypothesis, IReadOnlyList<string> references) =>
        FromStatistics(SegmentStatistics(hypothesis, references, new Scratch(order)), references.Count);

    public ChrfScore FromStatistics(IReadOnlyList<long> stats, int referenceCount)
    {
        var fields = new (string Long, string Short, string Value)[]
        {
            ("nrefs", "#", referenceCount.ToString()),
            ("case", "c", options.Lowercase ? "lc" : "mixed"),
            ("eff", "e", options.EpsSmoothing ? "no" : "yes"),
            ("nc", "nc", options.CharOrder.ToString()),
            ("nw", "nw", options.WordOrder.ToString()),
            ("space", "s", options.Whitespace ? "yes" : "no"),
            ("version", "v", Bleu.Version),
        };
        return new ChrfScore(
            FScore(stats),
            Name,
            stats.ToArray(),
            string.Join("|", fields.Select(f => $"{f.Long}:{f.Value}")),
            string.Join("|", fields.Select(f => $"{f.Short}:{f.Value}"))
        );
    }

    double FScore(IReadOnlyList<long> stats)
    {
        const double eps = 1e-16;
        double score = 0,
            avgPrec = 0,
            avgRec = 0;
        int effectiveOrder = 0;
        double factor = (double)options.Beta * options.Beta;
        for (int i = 0; i < order; i++)
        {
            long nHyp = stats[3 * i],
                nRef = stats[3 * i + 1],
                nMatch = stats[3 * i + 2];
            double prec = nHyp > 0 ? (double)nMatch / nHyp : eps;
            double rec = nRef > 0 ? (double)nMatch / nRef : eps;
            double denom = factor * prec + rec;
            score += denom > 0 ? (1 + factor) * prec * rec / denom : eps;
            if (nHyp > 0 && nRef > 0)
            {
                avgPrec += prec;
                avgRec += rec;
                effectiveOrder++;
            }
        }
        if (options.EpsSmoothing)
            return 100 * score / order;
        if (effectiveOrder == 0)
            avgPrec = avgRec = 0;
        else
        {
            avgPrec /= effectiveOrder;
            avgRec /= effectiveOrder;
        }
        if (avgPrec + avgRec == 0)
            return 0.0;
        return 100 * ((1 + factor) * avgPrec * avgRec / (factor * avgPrec + avgRec));
    }

    /// <summary>Per-thread tables: n-gram counts of the hypothesis and of the reference being compared, per
    /// order.</summary>
    sealed class Scratch(int order)
    {
        public readonly NgramTable[] Hyp = Enumerable.Range(0, order).Select(_ => new NgramTable()).ToArray();
        public readonly NgramTable[] Ref = Enumerable.Range(0, order).Select(_ => new NgramTable()).ToArray();
        public readonly Dictionary<string, int> Vocabulary = new();
    }

    long[] SegmentStatistics(string hypothesis, IReadOnlyList<string> references, Scratch s)
    {
        s.Vocabulary.Clear();
        Ngrams(Preprocess(hypothesis), s.Hyp, s.Vocabulary);
        long[] best = [];
        double bestF = -1.0;
        foreach (var reference in references)
        {
            Ngrams(Preprocess(reference), s.Ref, s.Vocabulary);
            var stats = new long[3 * order];
            for (int i = 0; i < order; i++)
            {
                // sacreBLEU: hypothesis n-grams do not count where the reference has none of that order.
                stats[3 * i] = s.Ref[i].Distinct > 0 ? s.Hyp[i].Total : 0;
                stats[3 * i + 1] = s.Ref[i].Total;
                stats[3 * i + 2] = s.Hyp[i].Matches(s.Ref[i]);
            }
            double f = FScore(stats);
            if (f > bestF)
            {
                bestF = f;
                best = stats;
            }
        }
        return best;
    }

    string Preprocess(string s) => options.Lowercase ? PyText.Lower(s) : s;

    /// <summary>Character n-grams of code points (21 bits each, +1 so that no lane is 0) and word n-grams of
    /// line-local word ids, one table per order.</summary>
    void Ngrams(string line, NgramTable[] tables, Dictionary<string, int> vocabulary)
    {
        var cps = PyText.CodePoints(options.Whitespace ? line : RemoveWhitespace(line));
        for (int n = 0; n < options.CharOrder; n++)
            tables[n].Reset(cps.Length);
        for (int i = 0; i < cps.Length; i++)
        {
            UInt128 key = 0;
            for (int n = 1; n <= options.CharOrder && i + n <= cps.Length; n++)
            {
                key |= (UInt128)(uint)(cps[i + n - 1] + 1) << (21 * (n - 1));
                tables[n - 1].Add(key);
            }
        }
        if (options.WordOrder == 0)
            return;
        var words = RemovePunctuation(line);
        var ids = words
            .Select(w => vocabulary.TryGetValue(w, out var id) ? id : vocabulary[w] = vocabulary.Count + 1)
            .ToArray();
        for (int n = 1; n <= options.WordOrder; n++)
        {
            var table = tables[options.CharOrder + n - 1];
            table.Reset(ids.Length);
            for (int i = 0; i + n <= ids.Length; i++)
            {
                UInt128 key = 0;
                for (int k = 0; k < n; k++)
                    key |= (UInt128)(uint)ids[i + k] << (32 * k);
                table.Add(key);
            }
        }
    }

    /// <summary><c>''.join(line.split())</c>.</summary>
    static string RemoveWhitespace(string line)
    {
        var sb = new System.Text.StringBuilder(line.Length);
        foreach (var c in line)
            if (!PyText.IsSpace(c))
                sb.Append(c);
        return sb.ToString();
    }

    /// <summary>chrF++'s word split: a word of two or more characters loses one trailing, else one leading, ASCII
    /// punctuation mark.</summary>
    static List<string> RemovePunctuation(string sentence)
    {
        var tokens = new List<string>();
        foreach (var w in PyText.Split(sentence))
        {
            var cps = PyText.CodePoints(w);
            if (cps.Length == 1)
                tokens.Add(w);
            else if (cps[^1] < 128 && Punctuation.Contains((char)cps[^1]))
            {
                tokens.Add(w[..^1]);
                tokens.Add(w[^1..]);
            }
            else if (cps[0] < 128 && Punctuation.Contains((char)cps[0]))
            {
                tokens.Add(w[..1]);
                tokens.Add(w[1..]);
            }
            else
                tokens.Add(w);
        }
        return tokens;
    }
}
