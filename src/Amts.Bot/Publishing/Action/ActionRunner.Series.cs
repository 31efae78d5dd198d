using Amts.Bot.Errors;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;
using Amts.Bot.Publishing.Forge;
using Amts.Bot.Sync;
using Amts.Bot.Translation;

namespace Amts.Bot.Publishing.Action;

internal sealed partial class ActionRunner
{
    /// <summary>
    /// Publishes the workspace (HEAD) as a series (<see cref="Series"/>): the workspace ref and the notes are pushed,
    /// the tracking issue found or opened, then per chapter its branch is brought up to date and pushed and its pull
    /// request published (a chapter that fails is reported and the others go on), and the issue lists them all.
    /// </summary>
    async Task<LanguageOutcome> PublishSeriesAsync(
        ActionContext context,
        LanguageConfig language,
        GitCli git,
        string target,
        ITranslationEngine? engine,
        BranchStart workspace,
        IReadOnlyList<string> notes,
        IReadOnlyList<SyncReport> reports,
        SyncReport? newReport,
        IReadOnlyList<PullRequest> seriesPulls,
        string? reportDir,
        int mt,
        CancellationToken ct
    )
    {
        var (repo, code, baseBranch) = (language.Repository, language.Code, workspace.BaseBranch);
        var head = $"amts/sync-{code}";
        var workspaceSha = git.Run("rev-parse", "HEAD").Trim();
        var workspaceState = SyncState.Read(target);
        var units = Series.Units(git, "origin/" + baseBranch, head, reports);
        var plan = SeriesPlan.Of(head, units, seriesPulls);
        // S6: a chapter whose sync changes no translation file gets no pull request; its items go to the issue.
        var withoutPull = plan.WithoutPull;
        var pulled = plan.Pulled;
        var marker = Series.IssueMarker(code);
        // The series' English range, once: in titles and commit messages as text, in the issue as neutralised Markdown.
        var commits =
            $"{PullRequestTextBuilder.Short(reports[0].From)}..{PullRequestTextBuilder.Short(reports[^1].To)}";
        var range = $"{UntrustedMarkdown.Text(reports[^1].SourceName)} {UntrustedMarkdown.Code(commits)}";
        if (plan.Complete)
        {
            // S5: everything the series carried is on the base.
            if (context.DryRun)
                return LanguageOutcome.Nothing(
                    code,
                    repo,
                    mt,
                    "dry run: the series is complete; would delete its " + "workspace and close its tracking issue"
                ) with
                {
                    ReportDirectory = reportDir,
                };
            if (workspace.RemoteSha != null)
                GitFailures.Run(
                    git,
                    "push",
                    "-q",
                    $"--force-with-lease={workspace.RemoteRef}:{workspace.RemoteSha}",
                    "origin",
                    ":" + workspace.RemoteRef
                );
            if (await forge.FindOpenIssueAsync(repo, marker, ct) is { } done)
                await TrackingIssue.CompleteAsync(forge, repo, head, done, ct);
            return LanguageOutcome.Nothing(
                code,
                repo,
                mt,
                "the series is complete: every chapter is merged; its "
                    + "workspace was deleted and its tracking issue closed"
            ) with
            {
                ReportDirectory = reportDir,
            };
        }
        if (context.DryRun)
        {
            host.Log(
                $"{code}: dry run: would publish a series of {pulled.Count} pull request(s) "
                    + $"({string.Join(", ", pulled.Select(u => u.Unit.Branch))}) and a tracking issue; the whole "
                    + "body is "
                    + $"in {reportDir}/pr.md"
            );
            return LanguageOutcome.Nothing(
                code,
                repo,
                mt,
                $"dry run: a series of {pulled.Count} pull request(s); " + "nothing pushed"
            ) with
            {
                ReportDirectory = reportDir,
            };
        }

        // The cumulative branch (no open pull request: a series is published) would block the chapters' names.
        Series.DeleteBranches(git, name => name == head);
        if (workspace.RemoteSha != workspaceSha)
            SyncBranch.Push(git, workspace);
        GitFailures.Run(git, "push", "-q", "-f", "origin", $"{ReportNotes.Ref}:{ReportNotes.Ref}");

        var title = $"[{code}] Sync series with {reports[^1].SourceName} {commits}";
        // The tracking issue's cases (SeriesTracking): open, closed by hand while the series is under way, or a new
        // one.
        var (issue, _) = await TrackingIssue.FindOrOpenAsync(
            forge,
            host,
            language,
            seriesUnderWay: workspace.RemoteSha != null,
            title,
            Series.IssueBody(code, range, [], context.ArtifactHint),
            ct
        );
        foreach (var unit in withoutPull)
            host.Log(
                unit.OnlyRecords
                    ? $"{code}: {unit.Name}: only its English record moved, no pull request; the record goes with its "
                        + "next change"
                    : $"{code}: {unit.Name}: no translation change, no pull request; its items are in #{issue.Number}"
            );
        var rows = new List<(SeriesUnit Unit, int? Number, string State, int Changes, int Review)>();
        var warnings = new List<string>();
        var errors = new List<string>();
        var numbers = new List<int>();
        bool created = false,
            changed = false;
        var message = $"Sync with {reports[^1].SourceName} {commits}";
        for (int i = 0; i < pulled.Count; i++)
        {
            var unit = pulled[i].Unit;
            var unitReports = unit.Reports;
            int changes = unitReports.Sum(r => r.Totals.Changes),
                review = unitReports.Sum(r => r.Totals.Reviews);
            var pull = pulled[i].Pull;
            try
            {
                var branch = Series.Update(
                    git,
                    unit,
                    baseBranch,
                    pull != null,
                    workspaceSha,
                    workspaceState,
                    $"{message}: {unit.Name}"
                );
                if (
                    pull == null
                    && git.Run("rev-parse", branch.Sha + "^{tree}")
                        == git.Run("rev-parse", $"origin/{baseBranch}^{{tree}}")
                )
                    continue; // its items were in a merged pull request already; nothing to open
                if (branch.Moved)
                    SyncBranch.Push(git, branch.Start);
                var unitNotes = new List<string>(notes)
                {
                    $"Part {i + 1} of {pulled.Count} of the series tracked in {SeriesTracking.TrackedIn(issue)}: "
                        + "one "
                        + "pull request per chapter, each independent, merge them in any order.",
                };
                unitNotes.AddRange(branch.Notes);
                if (pull == null && await forge.LastClosedPullAsync(repo, unit.Branch, ct) is { MergedAt: null } closed)
                    unitNotes.Add(
                        $"The earlier pull request #{closed.Number} of this chapter was closed without merging: its "
                            + "English changes were never merged, so this one carries them again."
                    );
                PullRequestText Text(PullRequest? p)
                {
                    var t = PullRequestTextBuilder.Build(
                        unitReports,
                        unitNotes,
                        branch.TranslatorKept,
                        (path, line) => p == null ? null : forge.FileLineUrl(p, path, line),
                        forge.MaxBodyLength,
                        QualityComment.EstimatedCost,
                        context.ArtifactHint
                    );
                    return t with
                    {
                        Title =
                            $"[{code}] Sync {unit.Name} with {reports[^1].SourceName} {commits} "
                            + $"({i + 1}/{pulled.Count})",
                    };
                }
                // Line comments only where the chapter's file is the workspace's (a translator's merged lines move
                // them).
                var sameAsWorkspace = new Dictionary<string, bool>(StringComparer.Ordinal);
                var comments =
                    newReport == null
                        ? []
                        : ReviewComments
                            .From(
                                newReport with
                                {
                                    Files = unit.Reports[^1].Files,
                                },
                                PullDiff.Of(git, "origin/" + baseBranch, branch.Sha).Contains
                            )
                            .Where(c =>
                                sameAsWorkspace.TryGetValue(c.Path, out var same)
                                    ? same
                                    : sameAsWorkspace[c.Path] = SameBlob(git, branch.Sha, workspaceSha, c.Path)
                            )
                            .ToList();
                var result = await new Publisher(forge, host).PublishAsync(
                    repo,
                    unit.Branch,
                    baseBranch,
                    language,
                    Text,
                    refreshBody: branch.Moved || pull == null || issue.State == "closed",
                    null,
                    ct,
                    review: comments.Count > 0 ? (branch.Sha, comments) : null
                );
                created |= result.Created;
                changed |= branch.Moved || result.Created;
                warnings.AddRange(result.Warnings.Select(w => $"{unit.Name}: {w}"));
                errors.AddRange(result.Errors.Select(e => $"{unit.Name}: {e}"));
                if (result.Pull != null)
                    numbers.Add(result.Pull.Number);
                rows.Add((unit, result.Pull?.Number, result.Pull != null ? "open" : "not opened", changes, review));
            }
            catch (AmtsException e)
            {
                var text = $"{unit.Name}: {e.UserMessage}".Replace(context.Token, "***");
                errors.Add(text);
                host.Annotate(AnnotationLevel.Error, $"{code}: the series' chapter {text}", "amts " + code);
                rows.Add((unit, pull?.Number, "failed", changes, review));
            }
        }
        foreach (var (left, _, p) in plan.NothingLeft)
        {
            if (SeriesTracking.Retracked(p!.Body, issue) is { } body)
            {
                try
                {
                    await forge.UpdatePullAsync(repo, p.Number, p.Title, body, ct);
                }
                catch (AmtsException e)
                {
                    errors.Add($"pull request #{p.Number}: {e.UserMessage}");
                }
            }
            numbers.Add(p.Number);
            rows.Add((left, p.Number, "open, nothing left to carry (its changes are on the base): close it", 0, 0));
        }
        // A chapter merged since the issue listed it stays in the list, ticked.
        foreach (var listed in SeriesTracking.Listed(issue.Body).Where(l => rows.All(r => r.Unit.Name != l.Name)))
            if (await forge.LastClosedPullAsync(repo, $"{head}/{listed.Name}", ct) is { MergedAt: not null } mergedPull)
                rows.Add(
                    (
                        new SeriesUnit(listed.Name, $"{head}/{listed.Name}", []),
                        mergedPull.Number,
                        "merged",
                        listed.Changes,
                        listed.Review
                    )
                );
        rows.Sort((a, b) => string.CompareOrdinal(a.Unit.Name, b.Unit.Name));
        git.Run("checkout", "-q", workspace.Branch); // the quality comment reads the synced translation
        try
        {
            await forge.UpdateIssueAsync(
                repo,
                issue.Number,
                title,
                Series.IssueBody(
                    code,
                    range,
                    rows,
                    context.ArtifactHint,
                    string.Join(
                        "\n",
                        new[]
                        {
                            SeriesTracking.ItemsSection(issue.Body, withoutPull, reports[^1]),
                            SeriesTracking.RecordsSection(withoutPull),
                        }.Where(s => s.Length > 0)
                    )
                ),
                issue.State,
                ct
            );
            if (newReport != null)
                await forge.UpsertStickyCommentAsync(
                    repo,
                    issue.Number,
                    QualityComment.Marker,
                    await QualityComment.RenderAsync(
                        reports[^1],
                        target,
                        language,
                        engine,
                        qualitySystems?.Invoke(language) ?? [],
                        ct
                    ),
                    ct
                );
        }
        catch (AmtsException e)
        {
            errors.Add($"the tracking issue #{issue.Number}: {e.UserMessage}");
            host.Annotate(
                AnnotationLevel.Error,
                $"{code}: the tracking issue #{issue.Number} could not be updated: {e.UserMessage}",
                "amts " + code
            );
        }
        var summary =
            $"a series of {numbers.Count} pull request(s) ({string.Join(", ", numbers.Select(n => "#" + n))}) "
            + $"tracked in issue #{issue.Number}";
        host.Log($"{code}: {summary}");
        return new LanguageOutcome(
            code,
            repo,
            PublishDecision.Operation(PublishDecision.Outcome(null, created, changed)),
            null,
            issue.HtmlUrl,
            mt,
            summary
        )
        {
            Warnings = warnings,
            Error = errors.Count > 0 ? string.Join("; ", errors) : null,
            ReportDirectory = reportDir,
            SeriesPulls = numbers,
        };
    }
}
