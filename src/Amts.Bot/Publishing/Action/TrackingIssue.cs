using Amts.Bot.Publishing.Forge;

namespace Amts.Bot.Publishing.Action;

/// <summary>Which case of <see cref="SeriesTracking"/>'s table a run meets with the series' tracking issue.</summary>
internal enum TrackingCase
{
    /// <summary>T1: the issue is open: it is updated in place.</summary>
    Open,

    /// <summary>T2: closed by hand while the series is under way, and respected: no second issue, it stays closed,
    /// one comment says why it is still used.</summary>
    ClosedByHandRespected,

    /// <summary>T2 with the language's <c>reopen_tracking_issue: true</c>: reopened (not duplicated), one comment says
    /// why.</summary>
    ClosedByHandReopened,

    /// <summary>T3: none, one the bot closed (a finished series), or a closed one when a new series starts: a new
    /// issue.</summary>
    Opened,
}

/// <summary>The tracking issue's cases on the forge (<see cref="SeriesTracking"/>'s table): found, opened or
/// reopened at the start of a series' publishing, ticked and closed when the series is complete (S5).</summary>
internal static class TrackingIssue
{
    /// <summary>The case, from the newest issue with the series' marker (open or closed) and whether the series is
    /// under way (its workspace existed before this run).</summary>
    public static TrackingCase Case(Issue? found, bool seriesUnderWay, bool reopen) =>
        found is { State: "open" } ? TrackingCase.Open
        : found != null && SeriesTracking.ClosedByHand(found, seriesUnderWay)
            ? reopen ? TrackingCase.ClosedByHandReopened
                : TrackingCase.ClosedByHandRespected
        : TrackingCase.Opened;

    /// <summary>The series' issue for this run, as its case asks (<paramref name="newBody"/> is the body of a new
    /// one).</summary>
    public static async Task<(Issue Issue, TrackingCase Case)> FindOrOpenAsync(
        IForge forge,
        ICiHost host,
        LanguageConfig language,
        bool seriesUnderWay,
        string title,
        string newBody,
        CancellationToken ct
    )
    {
        var (repo, code) = (language.Repository, language.Code);
        var found = await forge.FindIssueAsync(repo, Series.IssueMarker(code), ct);
        var @case = Case(found, seriesUnderWay, language.ReopenTrackingIssue);
        var issue =
            @case == TrackingCase.Opened
                ? await forge.CreateIssueAsync(repo, title, newBody, language.Labels, ct)
                : found!;
        if (issue.State == "closed")
        {
            if (language.ReopenTrackingIssue)
                issue = await forge.UpdateIssueAsync(repo, issue.Number, issue.Title, issue.Body ?? "", "open", ct);
            host.Log(
                language.ReopenTrackingIssue
                    ? $"{code}: the tracking issue #{issue.Number} was closed by hand; reopened (reopen_tracking_issue)"
                    : $"{code}: the tracking issue #{issue.Number} was closed by hand; respected (not reopened)"
            );
            await forge.UpsertStickyCommentAsync(
                repo,
                issue.Number,
                SeriesTracking.ClosedByHandMarker(code),
                language.ReopenTrackingIssue ? SeriesTracking.ReopenedComment : SeriesTracking.ClosedByHandComment,
                ct
            );
        }
        return (issue, @case);
    }

    /// <summary>S5: the open issue with every merged chapter ticked, the completion line appended, closed.</summary>
    public static async Task CompleteAsync(IForge forge, string repo, string head, Issue issue, CancellationToken ct) =>
        await forge.UpdateIssueAsync(
            repo,
            issue.Number,
            issue.Title,
            await TickedAsync(forge, repo, head, issue.Body ?? "", ct) + "\n\n" + SeriesTracking.CompleteLine + "\n",
            "closed",
            ct
        );

    /// <summary>The tracking issue's body with every chapter whose pull request was merged ticked.</summary>
    public static async Task<string> TickedAsync(
        IForge forge,
        string repo,
        string head,
        string body,
        CancellationToken ct
    )
    {
        var merged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var listed in SeriesTracking.Listed(body).Where(l => !l.Ticked))
            if (await forge.LastClosedPullAsync(repo, $"{head}/{listed.Name}", ct) is { MergedAt: not null })
                merged.Add(listed.Name);
        return SeriesTracking.TickMerged(body, merged);
    }
}
