using System.Text.RegularExpressions;

namespace Amts.Bot.Markdown;

/// <summary>A range of a block's text, relative to the block.</summary>
internal readonly record struct TextRange(int Start, int Length)
{
    public int End => Start + Length;

    public string Of(string text) => text.Substring(Start, Length);
}

/// <summary>
/// The translatable prose inside a block, without its Markdown structure: a heading without its hashes, a list
/// item without its marker, a table cell without its pipes, a figure's caption. Everything else in the block
/// (markers, indentation, attached <c>:label:</c> lines) is structure and is never sent to a translator.
/// </summary>
internal static partial class ProseSegments
{
    [GeneratedRegex(@"^ {0,3}#{1,6}[ \t]*")]
    private static partial Regex HeadingPrefix();

    [GeneratedRegex(@"(?:[ \t]+#+)?[ \t]*$")]
    private static partial Regex HeadingSuffix();

    [GeneratedRegex(@"^[ \t]*(?:[*+-]|\d{1,9}[.)])(?:[ \t]+|$)")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"^[ \t]*(?:>[ \t]?)+")]
    private static partial Regex QuotePrefix();

    [GeneratedRegex(@"^[ \t]*(`{3,}|~{3,})")]
    private static partial Regex Fence();

    public static IReadOnlyList<TextRange> Of(Block block)
    {
        var text = block.Text;
        var lines = SourceText.SplitLines(text);
        var result = new List<TextRange>();
        switch (block.Kind)
        {
            case BlockKind.Paragraph:
                Add(result, 0, lines[^1].Start + lines[^1].ContentLength, text);
                break;
            case BlockKind.Heading:
            {
                var first = lines[0].Content(text);
                int start = HeadingPrefix().Match(first).Length;
                int end = HeadingSuffix().Match(first, start).Index;
                Add(result, start, end, text);
                break;
            }
            case BlockKind.Figure:
            {
                var caption = block.Figure!.Caption;
                if (caption.Length > 0)
                    Add(result, 2, 2 + caption.Length, text);
                break;
            }
            case BlockKind.Quote:
                foreach (var l in lines)
                {
                    var content = l.Content(text);
                    int p = QuotePrefix().Match(content).Length;
                    Add(result, l.Start + p, l.Start + content.TrimEnd().Length, text);
                }
                break;
            case BlockKind.Table:
                foreach (var l in lines)
                {
                    var content = l.Content(text);
                    if (D2lSyntax.TableDelimiter().IsMatch(content) || D2lSyntax.AttachedDirective().IsMatch(content))
                        continue;
                    foreach (var cell in TableCells(content))
                        Add(result, l.Start + cell.Start, l.Start + cell.End, text);
                }
                break;
            case BlockKind.List:
                ListItems(text, lines, result);
                break;
        }
        return result;
    }

    static void Add(List<TextRange> result, int start, int end, string text)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
            start++;
        while (end > start && char.IsWhiteSpace(text[end - 1]))
            end--;
        if (end > start)
            result.Add(new TextRange(start, end - start));
    }

    /// <summary>Cells between unescaped pipes that are not inside a code span.</summary>
    static IEnumerable<TextRange> TableCells(string row)
    {
        int cellStart = 0;
        int i = 0;
        var cells = new List<TextRange>();
        while (i < row.Length)
        {
            char c = row[i];
            if (c == '\\')
            {
                i += 2;
                continue;
            }
            if (c == '`')
            {
                int run = 0;
                while (i + run < row.Length && row[i + run] == '`')
                    run++;
                int close = row.IndexOf(new string('`', run), i + run, StringComparison.Ordinal);
                i = close < 0 ? i + run : close + run;
                continue;
            }
            if (c == '|')
            {
                cells.Add(new TextRange(cellStart, i - cellStart));
                cellStart = i + 1;
            }
            i++;
        }
        cells.Add(new TextRange(cellStart, row.Length - cellStart));
        return cells;
    }

    static void ListItems(string text, List<SourceLine> lines, List<TextRange> result)
    {
        int itemStart = -1,
            itemEnd = -1;
        string? openFence = null;
        void Flush()
        {
            if (itemStart >= 0)
                Add(result, itemStart, itemEnd, text);
            itemStart = -1;
        }
        foreach (var l in lines)
        {
            var content = l.Content(text);
            if (openFence != null)
            {
                if (content.Trim().StartsWith(openFence) && content.Trim().All(c => c == openFence[0]))
                    openFence = null;
                continue;
            }
            var fence = Fence().Match(content);
            if (fence.Success)
            {
                Flush();
                openFence = fence.Groups[1].Value;
                continue;
            }
            if (string.IsNullOrWhiteSpace(content))
            {
                Flush();
                continue;
            }
            var marker = ListMarker().Match(content);
            if (marker.Success)
            {
                Flush();
                itemStart = l.Start + marker.Length;
            }
            else if (itemStart < 0)
            {
                itemStart = l.Start;
            }
            itemEnd = l.Start + content.Length;
        }
        Flush();
    }
}
