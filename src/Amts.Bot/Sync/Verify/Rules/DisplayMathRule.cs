using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

/// <summary>Display math (d2lbook/MathJax <c>$$ … $$</c>, with <c>:eqlabel:</c>): the translation's <c>$$</c>
/// delimiters pair up as before; an odd one swallows the headings and paragraphs up to the next equation.</summary>
internal sealed class DisplayMathRule : IOutputRule
{
    public string Name => "display math";
    public string Protects => "$$ display math (d2lbook, MathJax)";

    public IEnumerable<OutputFinding> Check(VerifiedText file)
    {
        if (!file.IsNew && Delimiters(file.Before) % 2 != 0)
            yield break;
        int after = Delimiters(file.After);
        if (after % 2 != 0)
            yield return new(Name, 0, $"the written file would have an odd number of $$ delimiters ({after})");
    }

    static int Delimiters(MarkdownDocument doc)
    {
        int n = 0;
        foreach (var b in doc.Blocks.Where(b => b.Kind is not (BlockKind.Code or BlockKind.Toc or BlockKind.Blank)))
            for (
                int i = b.Text.IndexOf("$$", StringComparison.Ordinal);
                i >= 0;
                i = b.Text.IndexOf("$$", i + 2, StringComparison.Ordinal)
            )
                n++;
        return n;
    }
}
