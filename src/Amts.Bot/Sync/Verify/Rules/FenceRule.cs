using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

/// <summary>Fenced code blocks (CommonMark 0.31, §4.5): every fence the translation opens is closed, as before; an
/// unclosed fence turns the rest of the file into code.</summary>
internal sealed class FenceRule : IOutputRule
{
    public string Name => "code fences";
    public string Protects => "fenced code blocks (CommonMark §4.5)";

    public IEnumerable<OutputFinding> Check(VerifiedText file)
    {
        if (!file.IsNew && Unclosed(file.Before) != null)
            yield break;
        if (Unclosed(file.After) is { } cell)
            yield return new(
                Name,
                0,
                $"the code fence \"{HumanLineLedger.Excerpt(VerifiedText.Lines(cell.Text)[0])}\" would never be closed"
            );
    }

    static Block? Unclosed(MarkdownDocument doc) =>
        doc.Blocks.FirstOrDefault(b => b.Kind is BlockKind.Code or BlockKind.Toc && b.Code is { Closed: false });
}
