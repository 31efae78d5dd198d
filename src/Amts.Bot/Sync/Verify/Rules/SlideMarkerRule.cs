using System.Text.RegularExpressions;
using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

/// <summary>d2lbook slide markers (<c>(**…**)</c> and <c>[**…**]</c>: the text between them goes on the slides):
/// balanced in each block and never one inside another; the sync never adds a block where they are not.</summary>
public sealed partial class SlideMarkerRule : IOutputRule
{
    public string Name => "slide markers";
    public string Protects => "d2lbook's (** **) and [** **] slide markers";

    [GeneratedRegex(@"\(\*\*|\*\*\)|\[\*\*|\*\*\]")]
    private static partial Regex Marker();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCode();

    public IEnumerable<OutputFinding> Check(VerifiedText file)
    {
        var before = Bad(file.Before).Select(b => b.Problem + b.Excerpt).ToHashSet(StringComparer.Ordinal);
        foreach (var (problem, excerpt) in Bad(file.After))
            if (!before.Contains(problem + excerpt))
            {
                yield return new(Name, 0, $"{problem} in \"{excerpt}\"");
                yield break;
            }
    }

    /// <summary>The blocks whose markers are nested or unbalanced, with what is wrong and the block's start.</summary>
    static IEnumerable<(string Problem, string Excerpt)> Bad(MarkdownDocument doc)
    {
        foreach (var b in doc.Blocks.Where(b => b.IsProse))
        {
            int depth = 0;
            string? problem = null;
            foreach (Match m in Marker().Matches(InlineCode().Replace(b.Text, "")))
            {
                bool opens = m.Value[0] is '(' or '[';
                if (opens && depth > 0) { problem = "slide markers nested"; break; }
                if (!opens && depth == 0) { problem = "a slide marker closes nothing"; break; }
                depth += opens ? 1 : -1;
            }
            if (problem == null && depth != 0) problem = "a slide marker is never closed";
            if (problem != null) yield return (problem, HumanLineLedger.Excerpt(VerifiedText.Lines(b.Text)[0]));
        }
    }
}
