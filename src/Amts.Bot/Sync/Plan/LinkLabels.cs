using System.Text.RegularExpressions;
using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

/// <summary>
/// How one translated file writes a paragraph that is a single Markdown link and nothing else (CommonMark 0.31, 6.3
/// "Links": <c>[link text](destination)</c>), such as the <c>[Discussions](https://discuss.d2l.ai/t/N)</c> that
/// closes each framework's tab of a d2l section. Learned from the file's own located pairs (old English block ↔
/// translated block): a label the file writes in one way every time, with the English destination copied as it is,
/// is written that way for a new link of the same label. d2l-pt has no convention across the book (143 such links
/// verbatim, 105 "Discussão", 71 "Discussões") but every file has one of its own.
/// </summary>
/// <remarks>Nothing is guessed: a label the file writes in two ways, or whose destination the translation changed
/// (d2l-zh links its own forum threads), or that the file does not have, teaches nothing, and the link goes the
/// usual way (the book's memory, else the engine, else review).</remarks>
internal sealed class LinkLabels
{
    static readonly Regex LinkOnly = new(
        @"^\[(?<label>[^\[\]\n]+)\]\((?<url>[^()\s]+)\)$",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture
    );

    /// <summary>English label → the translation's label and the line of its first example; null when the file
    /// writes it in more than one way.</summary>
    readonly Dictionary<string, (string Label, int Line, int Count)?> labels;

    LinkLabels(Dictionary<string, (string Label, int Line, int Count)?> labels) => this.labels = labels;

    public static readonly LinkLabels None = new([]);

    public static LinkLabels Learn(
        MarkdownDocument oldEnglish,
        MarkdownDocument target,
        IReadOnlyDictionary<int, IReadOnlyList<int>> located
    )
    {
        var labels = new Dictionary<string, (string Label, int Line, int Count)?>(StringComparer.Ordinal);
        foreach (var (o, ts) in located.OrderBy(l => l.Key))
        {
            if (ts.Count != 1 || Parse(oldEnglish.Blocks[o]) is not { } english)
                continue;
            var human = target.Blocks[ts[0]];
            if (Parse(human) is not { } translated || translated.Url != english.Url)
            {
                labels[english.Label] = null; // a destination changed or a block not a lone link: no convention
                continue;
            }
            if (!labels.TryGetValue(english.Label, out var known))
                labels[english.Label] = (translated.Label, human.Line, 1);
            else if (known is { } k)
                labels[english.Label] = k.Label == translated.Label ? k with { Count = k.Count + 1 } : null;
        }
        return new(labels);
    }

    /// <summary>The new English <paramref name="block"/> written as the file writes its other links of that label
    /// (its line endings and final newline as the block has them), with a note for the change; null when the block
    /// is not a lone link or the file has no single way of writing its label.</summary>
    public (string Text, string Note)? Write(Block block)
    {
        if (Parse(block) is not { } english || labels.GetValueOrDefault(english.Label) is not { } known)
            return null;
        var text = block.Text;
        int open = text.IndexOf('[', StringComparison.Ordinal);
        int close = open + 1 + english.Label.Length;
        var written = text[..(open + 1)] + known.Label + text[close..];
        var note =
            $"its link text written as this file writes its {known.Count} other \"{english.Label}\" link(s): "
            + $"\"{known.Label}\" (line {known.Line})";
        return (written, note);
    }

    static (string Label, string Url)? Parse(Block block)
    {
        if (block.Kind != BlockKind.Paragraph)
            return null;
        var m = LinkOnly.Match(LineEndings.ToLf(block.Text).Trim());
        return m.Success ? (m.Groups["label"].Value, m.Groups["url"].Value) : null;
    }
}
