using System.Globalization;
using System.Text;

namespace Amts.Bot.Evaluation;

/// <summary>A BLEU tokenizer: takes one (right-stripped) line, returns the tokenized line, as sacreBLEU's do.</summary>
internal interface IBleuTokenizer
{
    string Signature { get; }
    string Tokenize(string line);
}

internal static class BleuTokenizers
{
    public static readonly IReadOnlyList<string> Names = ["13a", "zh", "intl", "char", "none"];

    public static IBleuTokenizer Get(string name) =>
        name switch
        {
            "13a" => Tokenizer13a.Instance,
            "zh" => TokenizerZh.Instance,
            "intl" => TokenizerIntl.Instance,
            "char" => TokenizerChar.Instance,
            "none" => TokenizerNone.Instance,
            _ => throw new ArgumentException($"unknown tokenizer '{name}' (choose one of {string.Join(", ", Names)})"),
        };
}

/// <summary>
/// The regular-expression passes of mteval (sacreBLEU's TokenizerRegexp and the intl tokenizer) written as
/// scans over code points. Each pass is a left-to-right, non-overlapping substitution of a one- or two-character
/// pattern, which is exactly what <c>re.sub</c> does with these patterns.
/// </summary>
static class RegexPasses
{
    /// <summary><c>(A)</c> → <c> \1 </c>.</summary>
    public static List<int> PadEach(List<int> src, Func<int, bool> isA)
    {
        var dst = new List<int>(src.Count + 16);
        foreach (var c in src)
        {
            if (isA(c))
            {
                dst.Add(' ');
                dst.Add(c);
                dst.Add(' ');
            }
            else
                dst.Add(c);
        }
        return dst;
    }

    /// <summary><c>(A)(B)</c> → <c>\1 \2 </c> (spaceBefore false) or <c> \1 \2</c> (spaceBefore true).</summary>
    public static List<int> Pair(List<int> src, Func<int, bool> isA, Func<int, bool> isB, bool spaceBefore)
    {
        var dst = new List<int>(src.Count + 16);
        int i = 0;
        while (i < src.Count)
        {
            if (i + 1 < src.Count && isA(src[i]) && isB(src[i + 1]))
            {
                if (spaceBefore)
                {
                    dst.Add(' ');
                    dst.Add(src[i]);
                    dst.Add(' ');
                    dst.Add(src[i + 1]);
                }
                else
                {
                    dst.Add(src[i]);
                    dst.Add(' ');
                    dst.Add(src[i + 1]);
                    dst.Add(' ');
                }
                i += 2;
            }
            else
                dst.Add(src[i++]);
        }
        return dst;
    }

    static bool IsAsciiDigit(int c) => c is >= '0' and <= '9';

    // [\{-\~\[-\` -\&\(-\+\:-\@\/]
    static bool Is13aPunct(int c) =>
        c
            is >= '{'
                and <= '~'
                or >= '['
                and <= '`'
                or >= ' '
                and <= '&'
                or >= '('
                and <= '+'
                or >= ':'
                and <= '@'
                or '/';

    [ThreadStatic]
    static char[]? bufferA;

    [ThreadStatic]
    static char[]? bufferB;

    static char[] Buffer(ref char[]? b, int size)
    {
        if (b == null || b.Length < size)
            b = new char[Math.Max(size, 256)];
        return b;
    }

    /// <summary>
    /// sacreBLEU's TokenizerRegexp (shared by 13a and zh) over UTF-16 units. Exact here although Python works on code
    /// points: every class in these patterns is ASCII, so a surrogate pair behaves as one non-matching character would.
    /// </summary>
    public static string Mteval(ReadOnlySpan<char> line)
    {
        var a = Buffer(ref bufferA, line.Length * 3 + 8);
        int n = 0;
        foreach (var c in line)
        {
            if (Is13aPunct(c))
            {
                a[n++] = ' ';
                a[n++] = c;
                a[n++] = ' ';
            }
            else
                a[n++] = c;
        }
        var b = Buffer(ref bufferB, n * 2 + 8);
        int m = 0;
        // ([^0-9])([\.,]) -> \1 \2
        for (int i = 0; i < n; i++)
        {
            if (i + 1 < n && !IsAsciiDigit(a[i]) && a[i + 1] is '.' or ',')
            {
                b[m++] = a[i];
                b[m++] = ' ';
                b[m++] = a[i + 1];
                b[m++] = ' ';
                i++;
            }
            else
                b[m++] = a[i];
        }
        a = Buffer(ref bufferA, m * 2 + 8);
        n = 0;
        // ([\.,])([^0-9]) -> " \1 \2"
        for (int i = 0; i < m; i++)
        {
            if (i + 1 < m && b[i] is '.' or ',' && !IsAsciiDigit(b[i + 1]))
            {
                a[n++] = ' ';
                a[n++] = b[i];
                a[n++] = ' ';
                a[n++] = b[i + 1];
                i++;
            }
            else
                a[n++] = b[i];
        }
        b = Buffer(ref bufferB, n * 2 + 8);
        m = 0;
        // ([0-9])(-) -> \1 \2
        for (int i = 0; i < n; i++)
        {
            if (i + 1 < n && IsAsciiDigit(a[i]) && a[i + 1] == '-')
            {
                b[m++] = a[i];
                b[m++] = ' ';
                b[m++] = '-';
                b[m++] = ' ';
                i++;
            }
            else
                b[m++] = a[i];
        }
        return JoinWords(b.AsSpan(0, m));
    }

    /// <summary><c>' '.join(line.split())</c> over UTF-16 units (every Python whitespace character is in the
    /// BMP).</summary>
    public static string JoinWords(ReadOnlySpan<char> s)
    {
        var sb = new StringBuilder(s.Length);
        bool pendingSpace = false;
        foreach (var c in s)
        {
            if (PyText.IsSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }
            sb.Append(c);
        }
        return sb.ToString();
    }
}

internal sealed class Tokenizer13a : IBleuTokenizer
{
    public static readonly Tokenizer13a Instance = new();
    public string Signature => "13a";

    public string Tokenize(string line)
    {
        line = line.Replace("<skipped>", "").Replace("-\n", "").Replace("\n", " ");
        if (line.Contains('&'))
            line = line.Replace("&quot;", "\"").Replace("&amp;", "&").Replace("&lt;", "<").Replace("&gt;", ">");
        return RegexPasses.Mteval(" " + line + " ");
    }
}

/// <summary>
/// sacreBLEU's zh tokenizer: every "Chinese" character is padded with spaces, then the mteval passes run.
/// Two of its ranges are mis-typed in sacreBLEU ('\u20000' is U+2000 followed by '0'); compared as Python strings
/// they select U+2001–U+2A6D and U+2F81–U+2FA1, which includes general punctuation such as “ ” — … and dashes.
/// Reproducing that is what makes the figures equal sacreBLEU's.
/// </summary>
internal sealed class TokenizerZh : IBleuTokenizer
{
    public static readonly TokenizerZh Instance = new();
    public string Signature => "zh";

    static readonly (int Start, int End)[] Ranges =
    [
        (0x3400, 0x4DB5),
        (0x4E00, 0x9FA5),
        (0x9FA6, 0x9FBB),
        (0xF900, 0xFA2D),
        (0xFA30, 0xFA6A),
        (0xFA70, 0xFAD9),
        (0x2001, 0x2A6D), // '\u20000'..'\u2a6d6' as Python compares strings
        (0x2F81, 0x2FA1), // '\u2f800'..'\u2fa1d'
        (0xFF00, 0xFFEF),
        (0x2E80, 0x2EFF),
        (0x3000, 0x303F),
        (0x31C0, 0x31EF),
        (0x2F00, 0x2FDF),
        (0x2FF0, 0x2FFF),
        (0x3100, 0x312F),
        (0x31A0, 0x31BF),
        (0xFE10, 0xFE1F),
        (0xFE30, 0xFE4F),
        (0x2600, 0x26FF),
        (0x2700, 0x27BF),
        (0x3200, 0x32FF),
        (0x3300, 0x33FF),
    ];

    public static bool IsChineseChar(int cp)
    {
        foreach (var (start, end) in Ranges)
            if (cp >= start && cp <= end)
                return true;
        return false;
    }

    public string Tokenize(string line)
    {
        // Every range is in the BMP and no surrogate falls in one, so UTF-16 units give the code-point answer.
        var stripped = PyText.Strip(line);
        var sb = new StringBuilder(stripped.Length * 3);
        foreach (var c in stripped)
        {
            if (IsChineseChar(c))
                sb.Append(' ').Append(c).Append(' ');
            else
                sb.Append(c);
        }
        return RegexPasses.Mteval(sb.ToString());
    }
}

/// <summary>mteval-v14's international tokenization on Unicode categories (of code points, not UTF-16 units).</summary>
internal sealed class TokenizerIntl : IBleuTokenizer
{
    public static readonly TokenizerIntl Instance = new();
    public string Signature => "intl";

    static UnicodeCategory Category(int cp) => Rune.GetUnicodeCategory(new Rune(cp));

    static bool IsNumber(int cp) =>
        Category(cp)
            is UnicodeCategory.DecimalDigitNumber
                or UnicodeCategory.LetterNumber
                or UnicodeCategory.OtherNumber;

    static bool IsPunctuation(int cp) =>
        Category(cp)
            is UnicodeCategory.ConnectorPunctuation
                or UnicodeCategory.DashPunctuation
                or UnicodeCategory.OpenPunctuation
                or UnicodeCategory.ClosePunctuation
                or UnicodeCategory.InitialQuotePunctuation
                or UnicodeCategory.FinalQuotePunctuation
                or UnicodeCategory.OtherPunctuation;

    static bool IsSymbol(int cp) =>
        Category(cp)
            is UnicodeCategory.MathSymbol
                or UnicodeCategory.CurrencySymbol
                or UnicodeCategory.ModifierSymbol
                or UnicodeCategory.OtherSymbol;

    public string Tokenize(string line)
    {
        var cps = new List<int>(PyText.CodePoints(line));
        cps = RegexPasses.Pair(cps, c => !IsNumber(c), IsPunctuation, spaceBefore: false);
        cps = RegexPasses.Pair(cps, IsPunctuation, c => !IsNumber(c), spaceBefore: true);
        cps = RegexPasses.PadEach(cps, IsSymbol);
        return RegexPasses.JoinWords(
            PyText.FromCodePoints(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(cps))
        );
    }
}

internal sealed class TokenizerChar : IBleuTokenizer
{
    public static readonly TokenizerChar Instance = new();
    public string Signature => "char";

    /// <summary><c>" ".join(line)</c>: every code point, whitespace included, separated by one space.</summary>
    public string Tokenize(string line)
    {
        var cps = PyText.CodePoints(line);
        var sb = new StringBuilder(cps.Length * 2);
        for (int i = 0; i < cps.Length; i++)
        {
            if (i > 0)
                sb.Append(' ');
            PyText.AppendCodePoint(sb, cps[i]);
        }
        return sb.ToString();
    }
}

internal sealed class TokenizerNone : IBleuTokenizer
{
    public static readonly TokenizerNone Instance = new();
    public string Signature => "none";

    public string Tokenize(string line) => line;
}
