using System.Text.RegularExpressions;
using Amts.Bot.Markdown;

namespace Amts.Bot.Alignment;

/// <summary>How blocks are compared: prose kinds compare with each other, the rest only with their own kind.</summary>
internal enum AlignKind
{
    Prose,
    Heading,
    Code,
    Math,
    Figure,
    Table,
    TabBegin,
    TabEnd,
    Toc,
    Directive,
    Markup,
    Break,
}

/// <summary>
/// What the aligner looks at in one block: its kind, label, the protected spans and numbers a translation keeps
/// verbatim (anchors), Latin words (which Chinese prose keeps for names such as "GPU" or "softmax"), the prose
/// length, and for code cells the code with comments and docstrings stripped (translations translate those).
/// </summary>
internal sealed partial class BlockFeatures
{
    public required int Index { get; init; }
    public required Block Block { get; init; }
    public required AlignKind Kind { get; init; }
    public string? Label => Block.Label;

    /// <summary>Math, roles, inline code, URLs and numbers, with counts.</summary>
    public required Dictionary<string, int> Anchors { get; init; }

    /// <summary>The number of anchors, repeats counted (the sum of <see cref="Anchors"/>' counts).</summary>
    public int AnchorTotal => anchorTotal >= 0 ? anchorTotal : anchorTotal = Bags.Total(Anchors);

    int anchorTotal = -1;

    /// <summary>Inline math and roles only: what must match between an emitted pair's two sides.</summary>
    public required HashSet<string> MathAndRoles { get; init; }
    public required HashSet<string> LatinWords { get; init; }

    /// <summary>Prose characters, without whitespace and protected spans.</summary>
    public required int Length { get; init; }

    /// <summary>Kind-specific identity: normalised code, math, figure path or tab names.</summary>
    public string? Key { get; init; }
    public HashSet<string>? CodeLines { get; init; }

    /// <summary>The character bigrams of <see cref="Key"/>, with counts (how display math is compared), made once:
    /// the block aligner compares a formula with every other of the file.</summary>
    public Dictionary<string, int> KeyBigrams => keyBigrams ??= Bigrams(Key ?? "");

    Dictionary<string, int>? keyBigrams;

    static Dictionary<string, int> Bigrams(string s)
    {
        var d = new Dictionary<string, int>();
        for (int i = 0; i + 2 <= s.Length; i++)
            d[s.Substring(i, 2)] = d.GetValueOrDefault(s.Substring(i, 2)) + 1;
        return d;
    }

    [GeneratedRegex(@"\d+(?:\.\d+)?")]
    private static partial Regex Number();

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9_\-]+")]
    private static partial Regex LatinWord();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    public static AlignKind KindOf(Block b) =>
        b.Kind switch
        {
            BlockKind.Paragraph or BlockKind.List or BlockKind.Quote => AlignKind.Prose,
            BlockKind.Heading => AlignKind.Heading,
            BlockKind.Code => AlignKind.Code,
            BlockKind.DisplayMath => AlignKind.Math,
            BlockKind.Figure => AlignKind.Figure,
            BlockKind.Table => AlignKind.Table,
            BlockKind.TabBegin => AlignKind.TabBegin,
            BlockKind.TabEnd => AlignKind.TabEnd,
            BlockKind.Toc => AlignKind.Toc,
            BlockKind.Directive => AlignKind.Directive,
            BlockKind.ThematicBreak => AlignKind.Break,
            _ => AlignKind.Markup,
        };

    public static string NormalizeMath(string s) => Whitespace().Replace(s, "");

    public static BlockFeatures Of(Block block, int index)
    {
        var kind = KindOf(block);
        var anchors = new Dictionary<string, int>();
        var mathRoles = new HashSet<string>();
        var latin = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int length = 0;
        if (block.IsProse)
        {
            var spans = ProtectedSpans.Find(block.Text);
            foreach (var s in spans)
            {
                var text = s.Text(block.Text);
                string? anchor = s.Kind switch
                {
                    ProtectedKind.Math => "$" + NormalizeMath(text.Trim('$')),
                    ProtectedKind.Role
                    or ProtectedKind.Code
                    or ProtectedKind.Autolink
                    or ProtectedKind.Url
                    or ProtectedKind.FootnoteRef => text,
                    ProtectedKind.LinkTarget => UrlOf(text),
                    _ => null,
                };
                if (anchor == null)
                    continue;
                anchors[anchor] = anchors.GetValueOrDefault(anchor) + 1;
                if (s.Kind is ProtectedKind.Math or ProtectedKind.Role)
                    mathRoles.Add(anchor);
            }
            var prose = ProtectedSpans.Replace(block.Text, spans, " ");
            foreach (Match m in Number().Matches(prose))
                anchors["#" + m.Value] = anchors.GetValueOrDefault("#" + m.Value) + 1;
            foreach (Match m in LatinWord().Matches(prose))
                latin.Add(m.Value);
            foreach (var seg in ProseSegments.Of(block))
            foreach (var c in seg.Of(block.Text))
                if (!char.IsWhiteSpace(c))
                    length++;
            length -= spans.Sum(s => s.Length);
            length = Math.Max(length, 1);
        }
        string? key = null;
        HashSet<string>? codeLines = null;
        switch (kind)
        {
            case AlignKind.Code:
                codeLines = CodeSignature(block);
                key =
                    string.Join(",", block.Code!.Tabs)
                    + "|"
                    + string.Join("\n", codeLines.Order(StringComparer.Ordinal));
                break;
            case AlignKind.Math:
                key = NormalizeMath(
                    string.Concat(block.Text.Split('\n').Where(l => !l.TrimStart().StartsWith(":eqlabel:")))
                );
                break;
            case AlignKind.Figure:
                key = block.Figure!.Path;
                break;
            case AlignKind.TabBegin:
                key = string.Join(",", block.Tabs);
                break;
            case AlignKind.Directive or AlignKind.Toc or AlignKind.Markup or AlignKind.Break:
                key = block.Text.Trim();
                break;
        }
        return new BlockFeatures
        {
            Index = index,
            Block = block,
            Kind = kind,
            Anchors = anchors,
            MathAndRoles = mathRoles,
            LatinWords = latin,
            Length = length,
            Key = key,
            CodeLines = codeLines,
        };
    }

    static string UrlOf(string linkTarget)
    {
        var s = linkTarget.TrimStart(']').TrimStart('(').TrimEnd(')').Trim();
        int space = s.IndexOf(' ');
        var url = space > 0 ? s[..space] : s;
        // Each translation links its own forum threads (https://discuss.d2l.ai/t/N): the same anchor, another number.
        return url.Contains("discuss.d2l.ai/t/") ? "url:discuss.d2l.ai" : "url:" + url;
    }

    /// <summary>The code lines of a cell without comments, docstrings, blank lines or indentation differences:
    /// what a translation leaves unchanged.</summary>
    public static HashSet<string> CodeSignature(Block block)
    {
        var lines = new HashSet<string>(StringComparer.Ordinal);
        bool inDocstring = false;
        var body = block.Text.Split('\n').Skip(1).SkipLast(1);
        foreach (var raw in body)
        {
            var line = raw.Trim();
            if (line.StartsWith("```") || line.StartsWith("~~~"))
                continue;
            int quotes = CountOccurrences(line, "\"\"\"") + CountOccurrences(line, "'''");
            if (inDocstring)
            {
                if (quotes % 2 == 1)
                    inDocstring = false;
                continue;
            }
            if (line.StartsWith("\"\"\"") || line.StartsWith("'''"))
            {
                if (quotes % 2 == 1)
                    inDocstring = true;
                continue;
            }
            if (line.StartsWith("#@tab"))
            {
                lines.Add(line);
                continue;
            }
            line = StripComment(line).Trim();
            if (line.Length > 0)
                lines.Add(Whitespace().Replace(line, " "));
        }
        return lines;
    }

    static int CountOccurrences(string s, string what)
    {
        int n = 0,
            i = 0;
        while ((i = s.IndexOf(what, i, StringComparison.Ordinal)) >= 0)
        {
            n++;
            i += what.Length;
        }
        return n;
    }

    /// <summary>Drops a trailing <c># comment</c> that is not inside a string literal.</summary>
    public static string StripComment(string line)
    {
        char quote = '\0';
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quote != '\0')
            {
                if (c == '\\')
                    i++;
                else if (c == quote)
                    quote = '\0';
            }
            else if (c is '"' or '\'')
                quote = c;
            else if (c == '#')
                return line[..i];
        }
        return line;
    }
}
