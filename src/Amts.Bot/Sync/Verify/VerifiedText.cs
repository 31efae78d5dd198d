using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

/// <summary>The four texts of a <see cref="WrittenFile"/>, each parsed at most once for all the rules.</summary>
internal sealed class VerifiedText(WrittenFile file)
{
    readonly Lazy<MarkdownDocument> oldEnglish = new(() => MarkdownDocument.Parse(file.OldEnglish, file.Path));
    readonly Lazy<MarkdownDocument> newEnglish = new(() => MarkdownDocument.Parse(file.NewEnglish, file.Path));
    readonly Lazy<MarkdownDocument> before = new(() => MarkdownDocument.Parse(file.Before, file.Path));
    readonly Lazy<MarkdownDocument> after = new(() => MarkdownDocument.Parse(file.After, file.Path));

    public WrittenFile File => file;
    public MarkdownDocument OldEnglish => oldEnglish.Value;
    public MarkdownDocument NewEnglish => newEnglish.Value;
    public MarkdownDocument Before => before.Value;
    public MarkdownDocument After => after.Value;

    /// <summary>A new file: there was no translation before the sync.</summary>
    public bool IsNew => file.Before.Length == 0;

    /// <summary>The lines of a text without their line endings.</summary>
    public static string[] Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    /// <summary>The lines of a document outside code cells, tocs and display math (prose and markers), with their
    /// 1-based numbers.</summary>
    public static IEnumerable<(int Line, string Text)> ProseLines(MarkdownDocument doc)
    {
        foreach (var b in doc.Blocks)
        {
            if (b.Kind is BlockKind.Code or BlockKind.Toc or BlockKind.DisplayMath or BlockKind.Blank)
                continue;
            var lines = Lines(b.Text);
            for (int i = 0; i < lines.Length; i++)
                if (i < b.LineCount)
                    yield return (b.Line + i, lines[i]);
        }
    }
}
