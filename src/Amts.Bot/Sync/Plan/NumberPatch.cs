using System.Text;
using System.Text.RegularExpressions;
using Amts.Bot.Alignment;

namespace Amts.Bot.Sync;

/// <summary>
/// English edits that change only numbers or version strings (<c>cu100</c> → <c>cu101</c>, <c>10.0</c> →
/// <c>10.1</c>, <c>v0.17</c> → <c>v1.0</c>): the human text keeps every word, and each changed token is replaced
/// where it stands. A token is a run of ASCII letters, digits and underscores, dots inside it included
/// (<c>1.7.0.post1</c>); it is numeric when it has a digit. A token is replaced only where the old one is in the
/// English once and in the translation once, as a whole token; otherwise a person decides.
/// </summary>
internal static partial class NumberPatch
{
    [GeneratedRegex(@"[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*")]
    private static partial Regex Word();

    /// <summary>Words and single non-space characters, whitespace dropped.</summary>
    static List<string> Tokens(string s)
    {
        var tokens = new List<string>();
        int i = 0;
        while (i < s.Length)
        {
            if (char.IsWhiteSpace(s[i]))
            {
                i++;
                continue;
            }
            var m = Word().Match(s, i);
            if (m.Success && m.Index == i)
            {
                tokens.Add(m.Value);
                i += m.Length;
            }
            else
                tokens.Add(s[i++].ToString());
        }
        return tokens;
    }

    static bool IsNumeric(string token) =>
        token.Any(char.IsAsciiDigit) && (char.IsAsciiLetterOrDigit(token[0]) || token[0] == '_');

    /// <summary>Two numeric tokens of the same kind: the same letters around the digits (<c>cu100</c>/<c>cu101</c>,
    /// <c>v0.17</c>/<c>v1.0</c>), or two version numbers (<c>1.7.0.post1</c>/<c>1.9.1</c>).</summary>
    static bool SameKind(string a, string b) =>
        IsNumeric(a)
        && IsNumeric(b)
        && (Letters(a) == Letters(b) || char.IsAsciiDigit(a[0]) && char.IsAsciiDigit(b[0]));

    static string Letters(string token) => string.Concat(token.Where(char.IsAsciiLetter));

    /// <summary>The token replacements that turn <paramref name="oldText"/> into <paramref name="newText"/> when
    /// they are its only differences (whitespace aside) and every one replaces a numeric token by one of the same
    /// kind; null otherwise.</summary>
    public static IReadOnlyList<SpanPatch>? Changes(string oldText, string newText)
    {
        var a = Tokens(oldText);
        var b = Tokens(newText);
        if (a.Count != b.Count)
            return null;
        var patches = new List<SpanPatch>();
        for (int k = 0; k < a.Count; k++)
        {
            if (a[k] == b[k])
                continue;
            if (!SameKind(a[k], b[k]))
                return null;
            patches.Add(new SpanPatch(a[k], b[k]) { Token = true });
        }
        return patches.Count > 0 ? patches : null;
    }

    /// <summary>The text with each numeric token replaced by one mark, whitespace collapsed: blocks that differ only
    /// in numbers have the same shape (a cheap key before <see cref="Changes"/>).</summary>
    public static string Shape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var t in Tokens(text))
            sb.Append(IsNumeric(t) ? "\u0001" : t).Append(' ');
        return sb.ToString();
    }

    /// <summary>How often <paramref name="token"/> stands in <paramref name="text"/>[from, to) as a whole token, and
    /// where the first one starts.</summary>
    static (int Count, int First) Find(string text, string token, int from, int to)
    {
        int count = 0,
            first = -1;
        for (var m = Word().Match(text, from, to - from); m.Success; m = m.NextMatch())
            if (m.Value == token && count++ == 0)
                first = m.Index;
        return (count, first);
    }

    /// <summary>Where each patch's old token stands in <paramref name="human"/>[from, to): once there and once in
    /// <paramref name="oldEnglish"/>. Null when one is not, with <paramref name="missing"/> saying which.</summary>
    public static List<(int At, SpanPatch Patch)>? Locate(
        string human,
        int from,
        int to,
        string oldEnglish,
        IReadOnlyList<SpanPatch> patches,
        out string? missing
    )
    {
        var found = new List<(int, SpanPatch)>();
        foreach (var p in patches)
        {
            var (inEnglish, _) = Find(oldEnglish, p.Old, 0, oldEnglish.Length);
            var (inHuman, at) = Find(human, p.Old, from, to);
            if (inEnglish != 1 || inHuman != 1)
            {
                missing =
                    inEnglish != 1
                        ? $"\"{p.Old}\" stands {inEnglish} times in the English"
                        : $"\"{p.Old}\" is not in the translation exactly once ({inHuman} times)";
                return null;
            }
            found.Add((at, p));
        }
        missing = null;
        return found;
    }

    /// <summary><see cref="Locate"/> in the translation of one English sentence, when it is matched one for one with
    /// confidence.</summary>
    public static List<(int At, SpanPatch Patch)>? InSentence(
        string human,
        SentencePair? pair,
        List<Sentence> tgtS,
        string oldSentence,
        IReadOnlyList<SpanPatch> patches,
        double minConfidence,
        out string? missing
    )
    {
        missing = "its translation is not matched with confidence";
        if (pair is not { Source.Count: 1, Target.Count: > 0 } || pair.Confidence < minConfidence)
            return null;
        int from = tgtS[pair.Target.Min()].Span.Start,
            to = tgtS[pair.Target.Max()].Span.End;
        return Locate(human, from, to, oldSentence, patches, out missing);
    }

    public static string Describe(IEnumerable<SpanPatch> patches) =>
        string.Join(", ", patches.Select(p => $"{p.Old} → {p.New}"));

    /// <summary>A human text with the numbers patched that changed from <paramref name="oldEnglish"/> to
    /// <paramref name="newEnglish"/>; null (and why) when the English changed more than numbers or a token cannot
    /// be placed exactly.</summary>
    public static string? Apply(string human, string oldEnglish, string newEnglish, out string why)
    {
        var patches = Changes(oldEnglish, newEnglish);
        if (patches == null)
        {
            why = "its English changed beyond numbers";
            return null;
        }
        var found = Locate(human, 0, human.Length, oldEnglish, patches, out var missing);
        if (found == null)
        {
            why = $"only numbers changed ({Describe(patches)}), but {missing}";
            return null;
        }
        var sb = new StringBuilder(human);
        foreach (var (at, p) in found.OrderByDescending(f => f.At))
            sb.Remove(at, p.Old.Length).Insert(at, p.New);
        why = $"numbers patched ({Describe(patches)})";
        return sb.ToString();
    }
}
