using System.Text;
using System.Text.RegularExpressions;
using Amts.Bot.Markdown;
using Amts.Bot.Publishing.Forge;
using Amts.Bot.Sync;

namespace Amts.Bot.Publishing.Action;

/// <summary>
/// The tracking issue of a series through its life, as a table of cases (like <see cref="SyncBranch"/>'s):
///
/// - T1: an open one → it is updated in place (its list recomputed)
/// - T2: a closed one the bot did not close (no completion line), while the series is under way (its workspace existed
///   before this run) → respected: no second issue, it stays closed; its list is still kept current, one comment on it
///   says why it is still used, and the chapters' pull requests name it as closed; with the language's
///   <c>reopen_tracking_issue: true</c> it is reopened instead (one comment says why)
/// - T3: none, or one closed by the bot (a finished series), or a closed one when a new series starts → a new issue
/// </summary>
internal static partial class SeriesTracking
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

    /// <summary>The heading of the issue's section for the chapters whose sync changed no translation file.</summary>
    public const string ItemsWithoutPullHeading = "### Review items without a pull request";

    [GeneratedRegex(
        @"<!-- amts:items (?<name>[A-Za-z0-9._-]+) -->\n.*?<!-- amts:items-end -->\n",
        RegexOptions.Singleline
    )]
    private static partial Regex ItemsOfChapter();

    /// <summary>At most this many items per chapter in the issue (the rest are in the run's report).</summary>
    const int MaxItemsPerChapter = 100;

    /// <summary>
    /// The issue's section for the chapters whose sync changed no translation file (only items for review: an English
    /// file the translation lacks, a file held unchanged): they get no pull request, their items are listed here, one
    /// block per chapter. A chapter's block is replaced when a later sync leaves it items again; the blocks of the
    /// other chapters are kept from <paramref name="previousBody"/>. Empty when there is none.
    /// </summary>
    public static string ItemsSection(string? previousBody, IReadOnlyList<SeriesUnit> withoutPull, SyncReport newest)
    {
        var range = UntrustedMarkdown.Code(
            $"{PullRequestTextBuilder.Short(newest.From)}..{PullRequestTextBuilder.Short(newest.To)}"
        );
        var blocks = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in ItemsOfChapter().Matches(previousBody ?? ""))
            blocks[m.Groups["name"].Value] = m.Value;
        foreach (var unit in withoutPull)
        {
            var items = Items(unit);
            if (items.Count == 0)
                continue;
            var block = new StringBuilder($"<!-- amts:items {unit.Name} -->\n");
            block.Append($"#### {UntrustedMarkdown.Code(unit.Name)} ({items.Count} item(s), English {range})\n\n");
            foreach (var item in items.Take(MaxItemsPerChapter))
                block.Append(item).Append('\n');
            if (items.Count > MaxItemsPerChapter)
                block.Append($"- … and {items.Count - MaxItemsPerChapter} more item(s): see the run's report\n");
            blocks[unit.Name] = block.Append("<!-- amts:items-end -->\n").ToString();
        }
        if (blocks.Count == 0)
            return "";
        return ItemsWithoutPullHeading
            + "\n\nThe sync changed no translation file of these chapters (nothing to merge), so they have no pull "
            + "request: review these items on the base branch and carry the English changes by hand.\n\n"
            + string.Join("\n", blocks.Values);
    }

    /// <summary>The heading of the issue's section for the chapters whose sync moved only their English
    /// records.</summary>
    public const string RecordsOnlyHeading = "### English records waiting for their chapter's next change";

    /// <summary>
    /// The issue's section for the chapters whose sync moved only English records (<c>_origin.md</c>: the English
    /// changed in a way the translation already follows): no pull request of only records is opened; they stay in the
    /// series' workspace and go with the chapter's next pull request. Recomputed on every run from the workspace (a
    /// record that went with a pull request, or whose series completed, is no longer listed). Empty when there is none.
    /// </summary>
    public static string RecordsSection(IReadOnlyList<SeriesUnit> withoutPull)
    {
        var waiting = withoutPull.Where(u => u.OnlyRecords).ToList();
        if (waiting.Count == 0)
            return "";
        var sb = new StringBuilder(RecordsOnlyHeading).Append("\n\n");
        sb.Append(
            "The English of these files changed in a way their translation already follows: only the record of the "
                + "English they follow (`_origin.md`) would change, so no pull request is opened for them. The record "
                + "goes with the chapter's next pull request; nothing is lost if the series completes first (the next "
                + "sync of the file moves it).\n\n"
        );
        foreach (var unit in waiting)
            sb.Append($"- {UntrustedMarkdown.Code(unit.Name)}: ")
                .AppendJoin(", ", unit.Paths.Select(UntrustedMarkdown.Code))
                .Append('\n');
        return sb.ToString();
    }

    /// <summary>A chapter's items for review, one line each, as the pull request body lists them.</summary>
    static List<string> Items(SeriesUnit unit)
    {
        var items = new List<string>();
        foreach (var f in unit.Reports.SelectMany(r => r.Files).DistinctBy(f => (f.TargetPath ?? f.SourcePath, f.Note)))
        {
            var path = UntrustedMarkdown.Code(f.TargetPath ?? f.SourcePath);
            var review = f.Changes.Where(c => c.NeedsReview).ToList();
            if (f.Status.IsItem() || (review.Count == 0 && f.Status.KeptForReview()))
                items.Add($"- {path}: {f.Status.Name()}: {UntrustedMarkdown.Text(f.Note ?? f.Status.Name())}");
            foreach (var c in review)
                items.Add(
                    $"- {path}"
                        + (c.Change.English is { } e ? $", English {Lines(e)}" : "")
                        + $" ({c.Change.Kind.ToString().ToLowerInvariant()}): {UntrustedMarkdown.Text(c.Change.Reason)}"
                );
        }
        return items;
    }

    static string Lines(LineRange r) => r.First == r.Last ? $"line {r.First}" : $"lines {r.First}–{r.Last}";

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

    /// <summary>The one comment (same marker) when the language's <c>reopen_tracking_issue: true</c> asks for a
    /// reopen.</summary>
    public const string ReopenedComment =
        "This tracking issue was closed by hand while the series' chapter pull requests were still open. The "
        + "configuration asks for it to be reopened (`reopen_tracking_issue: true` in `.github/amts.yml`): the bot "
        + "reopened it and keeps the list above current. Close the chapter pull requests that are not wanted, or set "
        + "`reopen_tracking_issue: false` for the bot to respect a close.";

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
