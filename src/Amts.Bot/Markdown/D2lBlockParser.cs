using System.Text.RegularExpressions;

namespace Amts.Bot.Markdown;

/// <summary>
/// Splits a d2l Markdown file into blocks, line by line. CommonMark's block rules are followed where d2l
/// files rely on them; d2lbook's conventions (code cells, tab groups, <c>:label:</c> lines that belong to
/// the heading, figure or equation above them) are known here, which a general Markdown parser would fold
/// into the neighbouring paragraph. Every line lands in exactly one block, so rendering is lossless.
/// </summary>
internal static partial class D2lBlockParser
{
    [GeneratedRegex(@"^ {0,3}(?<fence>`{3,}|~{3,})(?<info>.*)$")]
    private static partial Regex FenceOpen();

    [GeneratedRegex(@"^ {0,3}(?<hashes>#{1,6})(?:[ \t]|$)")]
    private static partial Regex AtxHeading();

    [GeneratedRegex(@"^ {0,3}(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")]
    private static partial Regex ThematicBreak();

    [GeneratedRegex(@":(?<role>label|eqlabel|width):`(?<value>[^`]*)`")]
    private static partial Regex DirectiveRole();

    /// <summary>A tab marker line. Translators also write a space before the frameworks (d2l-pt's
    /// <c>:begin_tab: `pytorch`</c>, 4 of its 9 markers in pooling.md): still the marker of a group, else a group
    /// English removes would be carried only in part.</summary>
    [GeneratedRegex(@"^:(?<marker>begin_tab|end_tab):[ \t]*(?:`(?<tabs>[^`]*)`)?\s*$")]
    private static partial Regex TabMarker();

    [GeneratedRegex(@"^!\[(?<caption>.*)\]\((?<path>[^)\s]*)(?:\s+""[^""]*"")?\)\s*$")]
    private static partial Regex FigureLine();

    [GeneratedRegex(@"^ {0,3}<(?:/?[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)|[?!][A-Za-z])")]
    private static partial Regex HtmlStart();

    public static MarkdownDocument Parse(string text, string path)
    {
        var p = new Scanner(text, path);
        p.Run();
        return new MarkdownDocument(path, text, p.Blocks, p.Diagnostics);
    }

    sealed class Scanner(string text, string path)
    {
        readonly List<SourceLine> lines = SourceText.SplitLines(text);
        public readonly List<Block> Blocks = [];
        public readonly List<MarkdownDiagnostic> Diagnostics = [];

        string Content(int i)
        {
            var s = lines[i].Content(text);
            return i == 0 && s.StartsWith('\uFEFF') ? s[1..] : s;
        }

        bool IsBlank(int i) => string.IsNullOrWhiteSpace(Content(i));

        public void Run()
        {
            int i = 0;
            while (i < lines.Count)
            {
                int start = i;
                var line = Content(i);
                if (IsBlank(i))
                {
                    while (i < lines.Count && IsBlank(i))
                        i++;
                    Add(BlockKind.Blank, start, i);
                    continue;
                }
                var fence = FenceOpen().Match(line);
                if (
                    fence.Success
                    && !(fence.Groups["fence"].Value[0] == '`' && fence.Groups["info"].Value.Contains('`'))
                )
                {
                    i = CodeCell(start, fence.Groups["fence"].Value, fence.Groups["info"].Value);
                    continue;
                }
                var trimmed = line.TrimStart();
                if (trimmed.StartsWith("$$"))
                {
                    i = DisplayMath(start);
                    continue;
                }
                var heading = AtxHeading().Match(line);
                if (heading.Success)
                {
                    i = Attach(start + 1, out var label, out _);
                    Add(BlockKind.Heading, start, i);
                    Blocks[^1] = Blocks[^1] with { HeadingLevel = heading.Groups["hashes"].Length, Label = label };
                    continue;
                }
                var tab = TabMarker().Match(line.TrimEnd());
                if (tab.Success)
                {
                    i++;
                    bool begin = tab.Groups["marker"].Value == "begin_tab";
                    Add(begin ? BlockKind.TabBegin : BlockKind.TabEnd, start, i);
                    if (begin)
                        Blocks[^1] = Blocks[^1] with { Tabs = SplitNames(tab.Groups["tabs"].Value) };
                    continue;
                }
                if (D2lSyntax.AttachedDirective().IsMatch(line))
                {
                    i++;
                    Add(BlockKind.Directive, start, i);
                    Blocks[^1] = Blocks[^1] with { Label = RoleValue(line, "label") };
                    continue;
                }
                var figure = FigureLine().Match(line);
                if (figure.Success)
                {
                    i = Attach(start + 1, out var label, out var width);
                    Add(BlockKind.Figure, start, i);
                    Blocks[^1] = Blocks[^1] with
                    {
                        Label = label,
                        Figure = new FigureInfo(figure.Groups["caption"].Value, figure.Groups["path"].Value, width),
                    };
                    continue;
                }
                if (trimmed.StartsWith("<!--") && !BotMarkers.StartsMarked(line))
                {
                    i = Comment(start);
                    continue;
                }
                if (HtmlStart().IsMatch(line))
                {
                    i = UntilBlank(start + 1);
                    Add(BlockKind.Html, start, i);
                    continue;
                }
                if (ThematicBreak().IsMatch(line))
                {
                    i++;
                    Add(BlockKind.ThematicBreak, start, i);
                    continue;
                }
                if (ListItem().IsMatch(line))
                {
                    i = List(start);
                    Add(BlockKind.List, start, i);
                    continue;
                }
                if (trimmed.StartsWith('>'))
                {
                    i = UntilBlank(start + 1);
                    Add(BlockKind.Quote, start, i);
                    continue;
                }
                if (
                    line.Contains('|')
                    && i + 1 < lines.Count
                    && D2lSyntax.TableDelimiter().IsMatch(Content(i + 1))
                    && Content(i + 1).Contains('-')
                )
                {
                    i = start + 2;
                    while (
                        i < lines.Count
                        && !IsBlank(i)
                        && Content(i).Contains('|')
                        && !D2lSyntax.AttachedDirective().IsMatch(Content(i))
                    )
                        i++;
                    i = Attach(i, out var label, out _);
                    Add(BlockKind.Table, start, i);
                    Blocks[^1] = Blocks[^1] with { Label = label };
                    continue;
                }
                i = Paragraph(start);
                Add(BlockKind.Paragraph, start, i);
            }
        }

        static IReadOnlyList<string> SplitNames(string s) =>
            s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

        static string? RoleValue(string line, string role)
        {
            foreach (Match m in DirectiveRole().Matches(line))
                if (m.Groups["role"].Value == role)
                    return m.Groups["value"].Value;
            return null;
        }

        /// <summary>Takes the <c>:label:</c>/<c>:width:</c>/<c>:eqlabel:</c> lines right below a block into
        /// it.</summary>
        int Attach(int i, out string? label, out string? width)
        {
            label = null;
            width = null;
            while (i < lines.Count && D2lSyntax.AttachedDirective().IsMatch(Content(i)))
            {
                var line = Content(i);
                label ??= RoleValue(line, "label") ?? RoleValue(line, "eqlabel");
                width ??= RoleValue(line, "width");
                i++;
            }
            return i;
        }

        int UntilBlank(int i)
        {
            while (i < lines.Count && !IsBlank(i))
                i++;
            return i;
        }

        int CodeCell(int start, string fence, string info)
        {
            int i = start + 1;
            bool closed = false;
            while (i < lines.Count)
            {
                var t = Content(i).Trim();
                i++;
                if (t.Length >= fence.Length && t.All(c => c == fence[0]))
                {
                    closed = true;
                    break;
                }
            }
            if (!closed)
                Diagnostics.Add(
                    new(
                        path,
                        start + 1,
                        Severity.Warning,
                        $"code fence {fence} opened here is never closed; it runs to the end of the file"
                    )
                );
            int end = i;
            var infoString = info.Trim();
            var kind = infoString == "toc" ? BlockKind.Toc : BlockKind.Code;
            if (closed)
                end = Attach(end, out _, out _);
            Add(kind, start, end);
            var firstLine =
                start + 1 < lines.Count && start + 1 < i - (closed ? 1 : 0) ? Content(start + 1).Trim() : "";
            IReadOnlyList<string> tabs = firstLine.StartsWith("#@tab") ? SplitNames(firstLine["#@tab".Length..]) : [];
            bool hasSave = false;
            for (int k = start + 1; k < i; k++)
                if (Content(k).TrimEnd().EndsWith("#@save"))
                {
                    hasSave = true;
                    break;
                }
            Blocks[^1] = Blocks[^1] with { Code = ParseInfo(fence, infoString, tabs, hasSave, closed) };
            return end;
        }

        static CodeInfo ParseInfo(string fence, string info, IReadOnlyList<string> tabs, bool hasSave, bool closed)
        {
            var classes = new List<string>();
            var attrs = new Dictionary<string, string>();
            string? language;
            if (info.StartsWith('{') && info.EndsWith('}'))
            {
                foreach (var token in info[1..^1].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                {
                    int eq = token.IndexOf('=');
                    if (eq > 0)
                        attrs[token[..eq]] = token[(eq + 1)..];
                    else
                        classes.Add(token.TrimStart('.'));
                }
                language = classes.Count > 0 ? classes[0] : null;
            }
            else
            {
                var words = info.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                language = words.Length > 0 ? words[0] : null;
                classes.AddRange(words.Skip(1));
            }
            return new CodeInfo(fence, info, language, classes, attrs, tabs, hasSave, closed);
        }

        int DisplayMath(int start)
        {
            var first = Content(start).Trim();
            int i = start + 1;
            bool closed = first.Length >= 4 && first[2..].Contains("$$");
            while (!closed && i < lines.Count)
            {
                if (Content(i).Contains("$$"))
                    closed = true;
                i++;
            }
            if (!closed)
            {
                Diagnostics.Add(
                    new(
                        path,
                        start + 1,
                        Severity.Warning,
                        "display math $$ opened here is never closed; treated as ending at the next blank line"
                    )
                );
                i = UntilBlank(start + 1);
            }
            i = Attach(i, out var label, out _);
            Add(BlockKind.DisplayMath, start, i);
            Blocks[^1] = Blocks[^1] with { Label = label };
            return i;
        }

        int Comment(int start)
        {
            int i = start;
            while (i < lines.Count)
            {
                var s = Content(i);
                i++;
                if (s.Contains("-->") && (i - 1 > start || s.IndexOf("-->", s.IndexOf("<!--") + 4) >= 0))
                {
                    Add(BlockKind.Comment, start, i);
                    return i;
                }
            }
            Diagnostics.Add(
                new(
                    path,
                    start + 1,
                    Severity.Warning,
                    "HTML comment <!-- opened here is never closed; treated as ending at the next blank line"
                )
            );
            i = UntilBlank(start + 1);
            Add(BlockKind.Comment, start, i);
            return i;
        }

        int List(int start)
        {
            int i = start + 1;
            while (i < lines.Count)
            {
                if (IsBlank(i))
                {
                    int next = i;
                    while (next < lines.Count && IsBlank(next))
                        next++;
                    if (
                        next < lines.Count
                        && (Indent(Content(next)) >= 2 || ListItem().IsMatch(Content(next)))
                        && !IsNonListStart(next)
                    )
                    {
                        i = next;
                        continue;
                    }
                    return i;
                }
                var line = Content(i);
                var fence = FenceOpen().Match(line.TrimStart());
                if (fence.Success && Indent(line) >= 2)
                {
                    // A code fence nested in a list item: skip to its close so its blank lines do not end the list.
                    var f = fence.Groups["fence"].Value;
                    i++;
                    while (i < lines.Count)
                    {
                        var t = Content(i).Trim();
                        i++;
                        if (t.Length >= f.Length && t.All(c => c == f[0]))
                            break;
                    }
                    continue;
                }
                if (Indent(line) < 2 && IsNonListStart(i))
                    return i;
                i++;
            }
            return i;
        }

        bool IsNonListStart(int i)
        {
            var line = Content(i);
            if (ListItem().IsMatch(line))
                return false;
            return FenceOpen().IsMatch(line)
                || line.TrimStart().StartsWith("$$")
                || AtxHeading().IsMatch(line)
                || TabMarker().IsMatch(line.TrimEnd())
                || D2lSyntax.AttachedDirective().IsMatch(line)
                || FigureLine().IsMatch(line)
                || ThematicBreak().IsMatch(line)
                || line.TrimStart().StartsWith("<!--") && !BotMarkers.StartsMarked(line);
        }

        static int Indent(string s)
        {
            int n = 0;
            foreach (var c in s)
            {
                if (c == ' ')
                    n++;
                else if (c == '\t')
                    n += 4;
                else
                    break;
            }
            return n;
        }

        int Paragraph(int start)
        {
            int i = start + 1;
            while (i < lines.Count && !IsBlank(i))
            {
                var line = Content(i);
                if (
                    FenceOpen().IsMatch(line)
                    || line.TrimStart().StartsWith("$$")
                    || AtxHeading().IsMatch(line)
                    || TabMarker().IsMatch(line.TrimEnd())
                    || D2lSyntax.AttachedDirective().IsMatch(line)
                    || line.TrimStart().StartsWith("<!--") && !BotMarkers.StartsMarked(line)
                    || (ListItem().IsMatch(line) && !ThematicBreak().IsMatch(line) && StartsBulletOrOne(line))
                )
                    break;
                i++;
            }
            return i;
        }

        // CommonMark: only bullets and ordered lists starting at 1 may interrupt a paragraph.
        static bool StartsBulletOrOne(string line)
        {
            var t = line.TrimStart();
            return t[0] is '*' or '+' or '-' || t.StartsWith("1.") || t.StartsWith("1)");
        }

        void Add(BlockKind kind, int startLine, int endLine)
        {
            int offset = lines[startLine].Start;
            int end = lines[endLine - 1].End;
            Blocks.Add(new Block(kind, offset, startLine + 1, endLine - startLine, text[offset..end]));
        }
    }
}
