using System.Text.RegularExpressions;
using Amts.Bot.Publishing.Forge;
using Amts.Bot.Publishing.GitHub;

namespace Amts.Bot.Publishing.Action;

/// <summary>
/// The tracking issue of a series through its life, as a table of cases (like <see cref="SyncBranch"/>'s):
///
/// | case | found (newest issue with the series' marker) | what happens |
/// |------|----------------------------------------------|--------------|
/// | T1 | an open one | it is updated in place (its list recomputed) |
/// | T2 | a closed one the bot did not close (no completion line), while the series is under way (its workspace existed
/// before this run) | respected: no second issue, it stays closed; its list is still kept current, one comment on it
/// says why it is still used, and the chapters' pull requests name it as closed |
/// | T3 | none, or one closed by the bot (a finished series), or a closed one when a new series starts | a new issue |
/// </summary>
public static partial class SeriesTracking
{
    /// <summary>A chapter's line of the issue's task list, as <see cref="Series.IssueBody"/> writes it.</summary>
    [GeneratedRegex(
        @"^- \[(?<box>[ x])\] `(?<name>[^`]+)`: #(?<number>\d+) \((?<changes>\d+) change\(s\), (?<review>\d+) to "
            + @"review\)",
        RegexOptions.Multiline
    )]
    private static partial Regex ChapterLine();

    /// <summary>The chapters the issue lists with a pull request: name, number, whether ticked, and their
    /// counts.</summary>
    public static IReadOnlyList<(string Name, int Number, bool Ticked, int Changes, int Review)> Listed(string? body) =>
        ChapterLine()
            .Matches(body ?? "")
            .Select(m =>
                (
                    m.Groups["name"].Value,
                    int.Parse(m.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture),
                    m.Groups["box"].Value == "x",
                    int.Parse(m.Groups["changes"].Value, System.Globalization.CultureInfo.InvariantCulture),
                    int.Parse(m.Groups["review"].Value, System.Globalization.CultureInfo.InvariantCulture)
                )
            )
            .ToList();

    /// <summary>The body with the boxes of the merged chapters ticked (a merged chapter stays in the list).</summary>
    public static string TickMerged(string body, IReadOnlySet<string> merged) =>
        ChapterLine().Replace(body, m => merged.Contains(m.Groups["name"].Value) ? "- [x]" + m.Value[5..] : m.Value);

    /// <summary>The line the bot appends when it closes the issue itself (the series is complete).</summary>
    public const string CompleteLine = "Every chapter is merged: the series is complete.";

    /// <summary>The hidden marker of the one comment on a tracking issue a maintainer closed by hand.</summary>
    public static string ClosedByHandMarker(string language) => $"<!-- amts:series-closed-by-hand {language} -->";

    public const string ClosedByHandComment =
        "This tracking issue was closed by hand while the series' chapter pull requests were still open. The bot "
        + "respects "
        + "that: it opens no other issue and does not reopen this one; it keeps the list above current, and the "
        + "chapters' "
        + "pull requests still point here. Close the chapter pull requests that are not wanted, or reopen this issue.";

    /// <summary>Whether a found issue is the series' issue closed by hand (case T2).</summary>
    public static bool ClosedByHand(Issue issue, bool seriesUnderWay) =>
        seriesUnderWay
        && issue.State == "closed"
        && issue.Body?.Contains(CompleteLine, StringComparison.Ordinal) != true;

    /// <summary>How a chapter's pull request names its tracking issue.</summary>
    public static string TrackedIn(Issue issue) =>
        issue.State == "closed"
            ? $"#{issue.Number} (closed by a maintainer; its list is still kept current)"
            : $"#{issue.Number}";

    /// <summary>The body of a chapter's pull request that has nothing left to carry (its body is not rendered again),
    /// naming the tracking issue as closed by hand; null when there is nothing to change.</summary>
    public static string? Retracked(string? body, Issue issue)
    {
        var open = $"of the series tracked in #{issue.Number}:";
        if (issue.State != "closed" || body == null || !body.Contains(open, StringComparison.Ordinal))
            return null;
        return body.Replace(open, $"of the series tracked in {TrackedIn(issue)}:", StringComparison.Ordinal);
    }
}
