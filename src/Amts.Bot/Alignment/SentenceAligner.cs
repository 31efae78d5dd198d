using System.Text;
using Amts.Bot.Markdown;

namespace Amts.Bot.Alignment;

/// <summary>A sentence of a prose block, flattened to one line, with what it shares verbatim with a translation.
/// <see cref="Span"/> is where it stands in the document's text; <see cref="Length"/> counts its prose
/// characters.</summary>
internal sealed record Sentence(
    string Text,
    int Length,
    Dictionary<string, int> Anchors,
    HashSet<string> MathAndRoles,
    HashSet<string> LatinWords
)
{
    public TextRange Span { get; init; }
}

/// <summary>Source sentences matched with target sentences: 1–1, 1–2, 2–1, 1–0 or 0–1.</summary>
internal sealed record SentencePair(
    IReadOnlyList<int> Source,
    IReadOnlyList<int> Target,
    string SourceText,
    string TargetText,
    double Confidence
)
{
    public string Shape => $"{Source.Count}-{Target.Count}";
}

/// <summary>Scores a candidate sentence match; lower is better. Pluggable, so a model-based scorer can replace
/// it.</summary>
internal interface ISentenceMatchCost
{
    double Cost(IReadOnlyList<Sentence> source, IReadOnlyList<Sentence> target);
}

/// <summary>
/// Gale–Church (a length-based match cost with priors on the match shape) plus the evidence a translation keeps
/// verbatim: shared math, roles, code, URLs and numbers lower the cost, conflicting ones raise it, and Latin
/// words of the translation found in the source lower it too.
/// </summary>
internal sealed class GaleChurchWithAnchors(LengthModel lengths) : ISentenceMatchCost
{
    public double Cost(IReadOnlyList<Sentence> source, IReadOnlyList<Sentence> target)
    {
        double prior = (source.Count, target.Count) switch
        {
            (1, 1) => 0.0,
            (2, 1) or (1, 2) => 2.3,
            _ => 4.0,
        };
        if (source.Count == 0 || target.Count == 0)
            return prior;
        if (source.Count > 2 || target.Count > 2 || (source.Count == 2 && target.Count == 2))
            throw new ArgumentException("a sentence match has one or two sentences on one side, one on the other");
        var (s1, s2) = (source[0], source.Count > 1 ? source[1] : null);
        var (t1, t2) = (target[0], target.Count > 1 ? target[1] : null);
        int ls = s1.Length + (s2?.Length ?? 0),
            lt = t1.Length + (t2?.Length ?? 0);
        double delta = (lt - ls * lengths.Ratio) / Math.Sqrt(Math.Max(ls, 1) * lengths.Variance);
        double cost = prior + delta * delta / 2;
        if (s1.Anchors.Count > 0 || s2?.Anchors.Count > 0 || t1.Anchors.Count > 0 || t2?.Anchors.Count > 0)
        {
            double overlap = Bags.Overlap(
                s1.Anchors,
                s2?.Anchors,
                Bags.Total(s1.Anchors) + (s2 == null ? 0 : Bags.Total(s2.Anchors)),
                t1.Anchors,
                t2?.Anchors,
                Bags.Total(t1.Anchors) + (t2 == null ? 0 : Bags.Total(t2.Anchors)),
                0
            );
            cost += overlap > 0 ? -2.0 * overlap : 2.0;
        }
        var (found, distinct) = Bags.Latin(s1.LatinWords, s2?.LatinWords, t1.LatinWords, t2?.LatinWords);
        if (distinct > 0)
            cost -= 1.0 * found / distinct;
        return cost;
    }
}

internal sealed class SentenceAligner(ISentenceMatchCost cost, string sourceLanguage, string targetLanguage)
{
    /// <summary>The sentences of a prose block (several blocks for a merge), each flattened to one line.</summary>
    public static List<Sentence> SentencesOf(IEnumerable<Block> blocks, string language)
    {
        var result = new List<Sentence>();
        foreach (var (sentenceText, span) in Split(blocks, language))
        {
            var f = BlockFeatures.Of(new Block(BlockKind.Paragraph, 0, 1, 1, sentenceText), 0);
            result.Add(
                new Sentence(Flatten(sentenceText), f.Length, f.Anchors, f.MathAndRoles, f.LatinWords) { Span = span }
            );
        }
        return result;
    }

    /// <summary>The texts of <see cref="SentencesOf"/> alone (each <see cref="Sentence.Text"/>), for a reader that
    /// compares or shows sentences and needs none of their features.</summary>
    public static List<string> TextsOf(IEnumerable<Block> blocks, string language) =>
        Split(blocks, language).Select(s => Flatten(s.Text)).ToList();

    /// <summary>Each sentence of the blocks' prose segments as it stands, and where in the document.</summary>
    static IEnumerable<(string Text, TextRange Span)> Split(IEnumerable<Block> blocks, string language)
    {
        var splitter = SentenceSplitter.For(language);
        foreach (var block in blocks)
        {
            var spans = ProtectedSpans.Find(block.Text);
            foreach (var segment in ProseSegments.Of(block))
            {
                var text = segment.Of(block.Text);
                var local = spans
                    .Where(s => s.Start >= segment.Start && s.End <= segment.End)
                    .Select(s => s with { Start = s.Start - segment.Start })
                    .ToList();
                foreach (var r in splitter.Split(text, local))
                    yield return (r.Of(text), new TextRange(block.Offset + segment.Start + r.Start, r.Length));
            }
        }
    }

    /// <summary>Joins a sentence's lines: no space between two CJK characters (Chinese files break lines mid-sentence),
    /// else one.</summary>
    public static string Flatten(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var sb = new StringBuilder();
        foreach (var line in lines)
        {
            if (sb.Length > 0 && !(IsCjk(sb[^1]) && IsCjk(line[0])))
                sb.Append(' ');
            sb.Append(line);
        }
        return sb.ToString();
    }

    static bool IsCjk(char c) => Languages.LanguageProfile.IsSpacelessScript(c);

    public IReadOnlyList<SentencePair> Align(IReadOnlyList<Sentence> source, IReadOnlyList<Sentence> target)
    {
        int n = source.Count,
            m = target.Count;
        var d = new double[n + 1, m + 1];
        var back = new (int Di, int Dj)[n + 1, m + 1];
        for (int i = 0; i <= n; i++)
        for (int j = 0; j <= m; j++)
        {
            if (i == 0 && j == 0)
                continue;
            double best = double.PositiveInfinity;
            (int, int) how = (0, 0);
            foreach (var (di, dj) in Shapes)
            {
                if (i < di || j < dj)
                    continue;
                double c = d[i - di, j - dj] + cost.Cost(Slice(source, i - di, di), Slice(target, j - dj, dj));
                if (c < best)
                {
                    best = c;
                    how = (di, dj);
                }
            }
            d[i, j] = best;
            back[i, j] = how;
        }
        var pairs = new List<SentencePair>();
        for (int i = n, j = m; i > 0 || j > 0; )
        {
            var (di, dj) = back[i, j];
            var s = Enumerable.Range(i - di, di).ToList();
            var t = Enumerable.Range(j - dj, dj).ToList();
            double c = cost.Cost(Slice(source, i - di, di), Slice(target, j - dj, dj));
            pairs.Add(
                new SentencePair(
                    s,
                    t,
                    Join(source, s, sourceLanguage),
                    Join(target, t, targetLanguage),
                    di == 0 || dj == 0 ? 0 : Math.Clamp(1.0 / (1.0 + Math.Exp(c - 1.5)), 0, 1)
                )
            );
            i -= di;
            j -= dj;
        }
        pairs.Reverse();
        return pairs;
    }

    static readonly (int, int)[] Shapes = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2)];

    static List<Sentence> Slice(IReadOnlyList<Sentence> list, int start, int count)
    {
        var r = new List<Sentence>(count);
        for (int k = 0; k < count; k++)
            r.Add(list[start + k]);
        return r;
    }

    static string Join(IReadOnlyList<Sentence> sentences, List<int> indices, string language)
    {
        var separator = Languages.LanguageProfile.For(language).SentenceJoiner;
        return string.Join(separator, indices.Select(i => sentences[i].Text));
    }
}
