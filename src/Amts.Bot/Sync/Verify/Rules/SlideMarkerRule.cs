using System.Text.RegularExpressions;
using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

/// <summary>d2lbook slide markers (<c>(**…**)</c> and <c>[**…**]</c>: the text between them goes on the slides; a pair
/// may span blocks, e.g. a sentence and the equation after it): read through the file in order (code cells aside),
/// every marker closes what it opened and none opens inside another. The written file may have no more faults of this
/// kind than the translation had.</summary>
internal sealed partial class SlideMarkerRule : IOutputRule
{
    public string Name => "slide markers";
    public string Protects => "d2lbook's (** **) and [** **] slide markers";

    [GeneratedRegex(@"\(\*\*|\*\*\)|\[\*\*|\*\*\]")]
    private static partial Regex Marker();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCode();

    public IEnumerable<OutputFinding> Check(VerifiedText file)
    {
        var (before, _) = Faults(file.Before);
        var (after, first) = Faults(file.After);
        if (after > before)
            yield return new(Name, 0, first!);
    }

    /// <summary>How many markers open inside another, close nothing or are never closed, and the first such
    /// fault.</summary>
    static (int Count, string? First) Faults(MarkdownDocument doc)
    {
        int depth = 0,
            faults = 0;
        string? first = null,
            openedIn = null;
        void Fault(string what)
        {
            faults++;
            first ??= what;
        }
        foreach (var b in doc.Blocks.Where(b => b.IsProse || b.Kind == BlockKind.DisplayMath))
        {
            var excerpt = HumanLineLedger.Excerpt(VerifiedText.Lines(b.Text)[0]);
            foreach (Match m in Marker().Matches(InlineCode().Replace(b.Text, "")))
            {
                if (m.Value[0] is '(' or '[')
                {
                    if (depth > 0)
                        Fault($"slide markers nested in \"{excerpt}\"");
                    depth++;
                    openedIn = excerpt;
                }
                else if (depth == 0)
                    Fault($"a slide marker closes nothing in \"{excerpt}\"");
                else
                    depth--;
            }
        }
        if (depth > 0)
            Fault($"a slide marker opened in \"{openedIn}\" is never closed");
        return (faults, first);
    }
}
