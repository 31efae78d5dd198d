using Amts.Bot.Markdown;

namespace Amts.Bot.Alignment;

/// <summary>
/// What identifies a file's content wherever it moves: its labels, figure paths and code (without comments), which
/// a translation keeps verbatim, and, between two English versions, its prose paragraphs. The one home of file
/// identity for both the extract's file mapping (English against a translation: no prose) and the sync's
/// (old English against new English: with prose).
/// </summary>
internal static class ContentUnits
{
    /// <summary>Prose paragraphs shorter than this are too generic to identify a file ("## Summary", "Exercises"):
    /// d2l's shortest distinctive paragraphs are one sentence of about 60 characters.</summary>
    public const int MinProseChars = 40;

    /// <summary>Prose lines shorter than this are phrase fragments ("Notably,"): d2l-en breaks its paragraphs into
    /// lines of about 40–80 characters, so a line of 25 or more is a clause distinctive enough to follow.</summary>
    public const int MinLineChars = 25;

    public static HashSet<string> Of(MarkdownDocument doc, bool withProse)
    {
        var units = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in doc.Blocks)
        {
            if (b.Label != null)
                units.Add("label:" + b.Label);
            if (b.Figure != null)
                units.Add("fig:" + b.Figure.Path);
            if (b.Kind == BlockKind.Code)
                units.Add("code:" + string.Join("\n", BlockFeatures.CodeSignature(b).Order(StringComparer.Ordinal)));
            if (
                withProse
                && b.Kind is BlockKind.Paragraph or BlockKind.List or BlockKind.Quote
                && ProseKey(b.Text) is { Length: >= MinProseChars } key
            )
                units.Add("prose:" + key);
            if (withProse && b.Kind is BlockKind.Paragraph or BlockKind.List or BlockKind.Quote)
                foreach (var line in b.Text.Split('\n').Select(l => l.Trim()).Where(l => l.Length >= MinLineChars))
                    units.Add("line:" + line);
        }
        return units;
    }

    /// <summary>A prose block's text with its whitespace collapsed (reflowed lines are the same paragraph).</summary>
    public static string ProseKey(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
