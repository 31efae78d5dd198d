using Amts.Bot.Alignment;
using Amts.Bot.Errors;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;
using Amts.Bot.Publishing.Forge;
using Amts.Bot.Sync;
using Amts.Bot.Sync.Run;
using Amts.Bot.Translation;

namespace Amts.Bot.Publishing.Action;

/// <summary>
/// The action, per language, with an error boundary around each: one language's failure (configuration, engine,
/// clone, GitHub) is recorded as its outcome and annotated, and the next language still runs. Per language:
/// 1. the forge says the base branch and whether a sync pull request is open (or was closed unmerged);
/// 2. the translation is cloned over HTTPS with the token in git's environment (<see cref="IForge.GitCredentials"/>);
/// 3. <see cref="SyncBranch"/> checks out the sync branch (carried and merged with the base, or fresh);
/// 4. <see cref="EnglishRange"/> decides the range from the recorded state (never backwards; reconcile after a
/// rewrite);
/// 5. the sync (<see cref="SyncRunner"/>) commits on the branch; its report becomes a note on the commit;
/// 6. report.json and pr.md are written; the branch and notes are pushed; <see cref="Publisher"/> publishes.
/// </summary>
internal sealed partial class ActionRunner(
    IForge forge,
    ICiHost host,
    Func<LanguageConfig, ITranslationEngine?> engines,
    Func<LanguageConfig, IReadOnlyList<(string System, ITranslationEngine Engine)>>? qualitySystems = null
)
{
    public async Task<IReadOnlyList<LanguageOutcome>> RunAsync(ActionContext context, CancellationToken ct = default)
    {
        var outcomes = new List<LanguageOutcome>();
        if (context.Language is { Length: > 0 } only && context.Config.Languages.All(l => l.Code != only))
        {
            var message =
                $"language '{only}' is not configured (configured: "
                + $"{string.Join(", ", context.Config.Languages.Select(l => l.Code))})";
            host.Annotate(
                AnnotationLevel.Error,
                message + ": add it to the configuration or dispatch a configured one",
                "amts " + only
            );
            outcomes.Add(LanguageOutcome.Failure(only, "", message));
            return outcomes;
        }
        Exception? historyProblem = null;
        try
        {
            EnglishRange.EnsureFullHistory(new GitCli(context.EnglishRepo), host.Log);
        }
        catch (AmtsException e)
        {
            historyProblem = e;
        }
        foreach (var language in context.Config.Languages)
        {
            if (context.Language is { Length: > 0 } one && one != language.Code)
                continue;
            if (language.OptOut)
            {
                outcomes.Add(LanguageOutcome.Nothing(language.Code, language.Repository, 0, "opted out"));
                continue;
            }
            if (language.Problems.Count > 0)
            {
                // Already annotated on the configuration's lines: the language fails, the others run.
                var message =
                    $"not run: its entry in the configuration has {language.Problems.Count} error(s): "
                    + $"{string.Join("; ", language.Problems)}";
                outcomes.Add(LanguageOutcome.Failure(language.Code, language.Repository, message));
                continue;
            }
            host.Group($"{language.Code} ({language.Repository})");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(context.LanguageTimeout);
            try
            {
                if (historyProblem != null)
                    throw historyProblem;
                outcomes.Add(await RunLanguageAsync(context, language, timeout.Token));
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var message = e switch
                {
                    AmtsException a => a.UserMessage,
                    OperationCanceledException =>
                        $"stopped after {context.LanguageTimeout.TotalMinutes:0} minute(s) (the "
                            + "language_timeout_minutes input)",
                    _ => $"unexpected {e.GetType().Name}: {e.Message} (a defect in amts; please report it with this "
                        + "log)",
                };
                message = message.Replace(context.Token, "***");
                host.Annotate(AnnotationLevel.Error, message, "amts " + language.Code);
                outcomes.Add(LanguageOutcome.Failure(language.Code, language.Repository, message));
            }
            finally
            {
                host.EndGroup();
            }
        }
        return outcomes;
    }

    async Task<LanguageOutcome> RunLanguageAsync(ActionContext context, LanguageConfig language, CancellationToken ct)
    {
        var repo = language.Repository;
        var head = $"amts/sync-{language.Code}";
        var baseBranch = language.Branch ?? await forge.DefaultBranchAsync(repo, ct);
        var open = await forge.FindOpenPullAsync(repo, head, ct);
        if (context.OnlyPendingJobs && !PendingBatchJob.IsPending(open))
            return LanguageOutcome.Nothing(language.Code, repo, 0, "scheduled run: no batch job pending", open);
        var seriesPulls = await forge.ListOpenPullsAsync(repo, head + "/", ct);

        var target = Path.Combine(context.WorkRoot, $"amts-{language.Code}-{Guid.NewGuid().ToString("N")[..8]}");
        var cloner = new GitCli(context.WorkRoot);
        var git = new GitCli(target);
        foreach (var (k, v) in forge.GitCredentials(context.Token))
            cloner.Credentials[k] = git.Credentials[k] = v;
        GitFailures.Run(cloner, "clone", "-q", "--no-tags", "--branch", baseBranch, forge.CloneUrl(repo), target);
        language = BookConfigAdoption.Adopt(
            language,
            target,
            $"{repo} {D2lBookConfig.FileName}",
            context.EnglishRepoName,
            w => host.Annotate(AnnotationLevel.Warning, w, "amts " + repo),
            host.Log
        );
        var engine = engines(language); // inside the boundary: an engine that cannot be made fails this language only
        ReportNotes.Fetch(git);
        // A series is under way (cases S2–S5 of Series) while its workspace exists or one of its pull requests is open.
        bool inSeries =
            open == null
            && (
                seriesPulls.Count > 0
                || (
                    git.TryRun(out var workspaceRef, "ls-remote", "origin", Series.WorkspaceRef(language.Code)) == 0
                    && workspaceRef.Trim().Length > 0
                )
            );
        var closingNotes = new List<string>();
        string? seriesEnd = null;
        if (
            inSeries
            && seriesPulls.Count == 0
            && Series.CompleteWorkspace(git, baseBranch, language.Code) is { } finished
        )
        {
            // S5: every chapter is merged; this run is an ordinary one again.
            var finishedIssue = await forge.FindOpenIssueAsync(repo, Series.IssueMarker(language.Code), ct);
            closingNotes.Add(
                "The series of chapter pull "
                    + $"requests{(finishedIssue != null ? $" tracked in #{finishedIssue.Number}" : "")} is complete "
                    + "(every chapter merged); this pull request follows it."
            );
            if (!context.DryRun)
            {
                GitFailures.Run(
                    git,
                    "push",
                    "-q",
                    $"--force-with-lease={Series.WorkspaceRef(language.Code)}:{finished}",
                    "origin",
                    ":" + Series.WorkspaceRef(language.Code)
                );
                if (finishedIssue != null)
                    await TrackingIssue.CompleteAsync(forge, repo, head, finishedIssue, ct);
            }
            inSeries = false;
            // Every change of the series' range is on the base now: the workspace's state says where that range ended.
            if (git.TryRun(out var finishedState, "show", $"{finished}:{SyncState.RelativePath}") == 0)
                seriesEnd = SyncState.Parse(finishedState)?.SourceCommit;
            host.Log($"{language.Code}: the series is complete (every chapter merged)");
        }
        var lastClosed = open == null && !inSeries ? await forge.LastClosedPullAsync(repo, head, ct) : null;
        // A sync PR closed unmerged: its English changes never reached the base. With a state on the base they are
        // synced again anyway (the state did not move); without one, the closed branch's first report says where its
        // range began.
        string? before = context.PushBefore;
        if (
            lastClosed is { MergedAt: null }
            && SyncState.Read(target) == null
            && git.TryRun(out _, "fetch", "-q", "origin", $"+refs/heads/{head}:refs/remotes/origin/{head}") == 0
            && ReportNotes.Collect(git, "origin/" + baseBranch, "origin/" + head) is { Count: > 0 } closedReports
        )
            before = closedReports[0].From;
        var start = inSeries
            ? SyncBranch.Prepare(
                git,
                Series.WorkspaceBranch(language.Code),
                baseBranch,
                pullIsOpen: true,
                Series.WorkspaceRef(language.Code)
            )
            : SyncBranch.Prepare(git, head, baseBranch, open != null);
        var notes = new List<string>(start.Notes);
        notes.AddRange(closingNotes);
        if (lastClosed is { MergedAt: null } closed)
            notes.Add(
                $"The earlier sync pull request #{closed.Number} was closed without merging: its English changes "
                    + "were never merged, so this pull request carries them again."
            );

        var english = new GitCli(context.EnglishRepo);
        var state = SyncState.Read(target);
        bool hasOrigin = Directory.EnumerateFiles(target, "*" + Book.OriginSuffix, SearchOption.AllDirectories).Any();
        // A first sync (no state) starts where the dispatch or the language's configuration says, else at the push.
        if (state == null && (context.From ?? language.From) is { Length: > 0 } first)
            before =
                english.TryRun(out var firstSha, "rev-parse", "--verify", "--quiet", first + "^{commit}") == 0
                    ? firstSha.Trim()
                    : throw AmtsException.Input(
                        $"from {first}: no such commit in the English checkout",
                        "give an English commit (a sha or tag) for `from`"
                    );
        var decision = EnglishRange.Decide(english, state, context.PushedCommit, before, context.Forced, hasOrigin);
        // A merged series left each chapter's record beside the state (which did not move): each file follows its own.
        if (
            seriesEnd != null
            && english.TryRun(out _, "merge-base", "--is-ancestor", seriesEnd, context.PushedCommit) == 0
        )
            decision = new RangeDecision(
                RangeKind.Range,
                seriesEnd,
                $"English {seriesEnd[..7]}..{context.PushedCommit[..7]} (the completed series ended at "
                    + $"{seriesEnd[..7]})"
            );
        else if (!inSeries && decision.Kind == RangeKind.Range && SyncState.FragmentPaths(target).Count > 0)
            decision = new RangeDecision(
                RangeKind.Reconcile,
                null,
                $"a series of chapter pull requests was merged since the recorded English {decision.From![..7]}: "
                    + $"reconciling each file with the English at {context.PushedCommit[..7]}"
            );
        host.Log($"{language.Code}: {decision.Reason}");
        if (decision.Kind == RangeKind.Nothing)
            return LanguageOutcome.Nothing(language.Code, repo, 0, decision.Reason, open);
        var beforeSync = git.Run("rev-parse", "HEAD").Trim();
        // A reconciliation plans every path against the branch, only for the files whose English left the history.
        var reconcile =
            decision.Kind == RangeKind.Reconcile
                ? Reconciliation.Plan(
                    english,
                    git,
                    "origin/" + baseBranch,
                    state,
                    ReportNotes.Collect(git, "origin/" + baseBranch),
                    context.PushedCommit
                )
                : null;
        var from = PendingBatchJob.RangeStart(target, state, reconcile?.Base ?? decision.From!);
        if (reconcile is { ForkPoint: { } fork })
            host.Log(
                $"{language.Code}: reconciling {reconcile.Files.Count} file(s) whose English left the history; the "
                    + $"others follow {fork[..7]}"
                    + (reconcile.Restored.Count > 0 ? $"; {reconcile.Restored.Count} put back from {baseBranch}" : "")
                    + (
                        reconcile.Files.Count > 0
                            ? ": "
                                + string.Join(", ", reconcile.Files.Take(10).Select(f => Untrusted.Neutralise(f.Path)))
                            : ""
                    )
            );
        var jobs = inSeries
            ? null
            : PendingBatchJob.Attach(engine, git, start, from, context.PushedCommit, language, context.DryRun);
        SyncReport report;
        try
        {
            report = await new SyncRunner(engine).RunAsync(
                new SyncOptions
                {
                    Source = context.EnglishRepo,
                    Target = target,
                    Language = language.Code,
                    From = from,
                    To = context.PushedCommit,
                    Commit = true,
                    Branch = start.Branch,
                    SourceName = context.EnglishRepoName.Split('/')[^1],
                    CompareUrlBase = context.EnglishWebUrl,
                    FromIsReconciliation = decision.Kind == RangeKind.Reconcile,
                    RemoveWithCommit = jobs == null ? null : () => PendingBatchJob.Removed(jobs),
                    // its tags (the releases) are English a translation may follow
                    EnglishRevisions = [context.EnglishRepo],
                    BookFiles = language.BookFiles,
                },
                ct
            );
        }
        catch (AmtsException e)
            when (jobs != null && e is Translation.Aws.BatchJobPendingException or Translation.Aws.BatchJobLockException
            )
        {
            return await PendingBatchJob.EndAsync(
                forge,
                host,
                language,
                head,
                baseBranch,
                e,
                notes,
                context.EnglishRepoName.Split('/')[^1],
                ct
            );
        }
        // The job's record was pushed on the branch meanwhile: the sync's commit replaces it (with the lease on it).
        if (jobs?.Pushed is { } recorded)
            start = start with { Carried = false, RemoteSha = recorded };
        PendingBatchJob.Detach(engine, notes);
        if (BilledCost.Line(engine?.Usage) is { } cost)
            notes.Add(cost);
        var afterSync = git.Run("rev-parse", "HEAD").Trim();
        bool newCommit = afterSync != beforeSync,
            merged = beforeSync != start.StartSha;
        var facts = new SyncFacts(newCommit, merged, open != null, inSeries, report.Totals.Reviews);
        int mt = report.Totals.MtChars;
        // Review items (broken English held, a stray $$) are published even when only the state moved: they must
        // reach the translators (issue 20: such a push opened no pull request and said nothing).
        if (PublishDecision.OnlyStateMoved(facts, () => SyncBranch.OnlyStateChanged(git, beforeSync, afterSync)))
            return LanguageOutcome.Nothing(
                language.Code,
                repo,
                mt,
                "no Markdown change to carry over: only the "
                    + "recorded English commit would move; no pull request for that (the state moves with the next "
                    + "real change)"
            );
        // A reconciliation starts from a commit made only to diff against: the report says "reconciled" instead.
        if (reconcile != null)
            report = report with
            {
                From = reconcile.ForkPoint ?? "reconciled",
                CompareUrl = null,
                Notes =
                [
                    reconcile.ForkPoint == null
                        ? Untrusted.Neutralise(decision.Reason) + "."
                        : reconcile.Note(context.PushedCommit),
                ],
            };
        if (newCommit)
            ReportNotes.Add(git, afterSync, report);

        var reports = Reconciliation.WithoutRemovedHistory(
            english,
            git,
            "origin/" + baseBranch,
            ReportNotes.Collect(git, "origin/" + baseBranch)
        );
        if (reports.Count == 0)
            reports.Add(report);
        PullRequestText Text(PullRequest? pull) =>
            PullRequestTextBuilder.Build(
                reports,
                notes,
                start.TranslatorKept,
                (path, line) => pull == null ? null : forge.FileLineUrl(pull, path, line),
                forge.MaxBodyLength,
                QualityComment.EstimatedCost,
                context.ArtifactHint
            );
        var reportDir = WriteReport(context, language, reports, engine?.Usage, Text(open));

        var next = PublishDecision.Decide(
            facts,
            reports.Sum(r => r.Totals.Reviews),
            language.SeriesThreshold,
            context.DryRun
        );
        if (next is AfterSync.SeriesStarts or AfterSync.SeriesContinues)
        {
            if (next == AfterSync.SeriesStarts)
            {
                host.Log(
                    $"{language.Code}: {reports.Sum(r => r.Totals.Reviews):N0} review items, over series_threshold "
                        + $"{language.SeriesThreshold}: publishing one pull request per chapter"
                );
                git.Run("branch", "-m", head, Series.WorkspaceBranch(language.Code));
                start = new BranchStart(
                    Series.WorkspaceBranch(language.Code),
                    baseBranch,
                    false,
                    null,
                    start.StartSha,
                    start.TranslatorKept,
                    start.Notes
                )
                {
                    RemoteRef = Series.WorkspaceRef(language.Code),
                };
            }
            return await PublishSeriesAsync(
                context,
                language,
                git,
                target,
                engine,
                start,
                notes,
                reports,
                newCommit ? report : null,
                seriesPulls,
                reportDir,
                mt,
                ct
            );
        }

        if (next == AfterSync.NothingToCarry)
        {
            ReviewOnly.Annotate(host, language.Code, report, reportDir);
            return LanguageOutcome.Nothing(
                language.Code,
                repo,
                mt,
                "nothing to carry over up to " + $"{context.PushedCommit[..7]}"
            ) with
            {
                ReportDirectory = reportDir,
            };
        }
        if (next == AfterSync.DryRun)
        {
            var t = Text(open);
            host.Log(
                $"{language.Code}: dry run: would push {head} "
                    + $"({git.Run("rev-list", "--count", $"origin/{baseBranch}..HEAD").Trim()} commit(s) over "
                    + $"{baseBranch}) and {(open != null ? $"update #{open.Number}" : "open a pull request")} titled "
                    + $"\"{t.Title}\"; the body is in {reportDir}/pr.md"
            );
            return LanguageOutcome.Nothing(language.Code, repo, mt, "dry run: nothing pushed", open) with
            {
                ReportDirectory = reportDir,
            };
        }

        if (PublishDecision.Push(facts, remoteIsBranch: start.RemoteSha == afterSync))
        {
            // A series' chapter branches (none open: no series is under way) would block amts/sync-LANG's name.
            Series.DeleteBranches(git, name =>
                name.StartsWith(head + "/", StringComparison.Ordinal) && seriesPulls.All(p => p.Head.Ref != name)
            );
            SyncBranch.Push(git, start);
            GitFailures.Run(git, "push", "-q", "-f", "origin", $"{ReportNotes.Ref}:{ReportNotes.Ref}");
        }
        bool changed = PublishDecision.Changed(facts);
        var review = newCommit
            ? (afterSync, ReviewComments.From(report, PullDiff.Of(git, "origin/" + baseBranch, afterSync).Contains))
            : ((string, IReadOnlyList<ReviewComment>)?)null;
        var result = await new Publisher(forge, host).PublishAsync(
            repo,
            head,
            baseBranch,
            language,
            Text,
            refreshBody: PublishDecision.RefreshBody(facts),
            c =>
                QualityComment.RenderAsync(
                    reports[^1],
                    target,
                    language,
                    engine,
                    qualitySystems?.Invoke(language) ?? [],
                    c
                ),
            ct,
            qualityOnlyIfMissing: !newCommit,
            review
        );
        if (result.Pull != null)
            // pr.md with the links to the lines
            WriteReport(context, language, reports, engine?.Usage, Text(result.Pull));
        var outcome = PublishDecision.Outcome(result.Pull, result.Created, changed);
        var operation = PublishDecision.Operation(outcome);
        var message = PublishDecision.Message(outcome, result.Pull);
        if (!result.Created)
            host.Log($"{language.Code}: {message}"); // the publisher said "created" already
        return new LanguageOutcome(
            language.Code,
            repo,
            operation,
            result.Pull?.Number,
            result.Pull?.HtmlUrl,
            mt,
            message
        )
        {
            Warnings = result.Warnings,
            Error = result.Errors.Count > 0 ? string.Join("; ", result.Errors) : null,
            ReportDirectory = reportDir,
        };
    }

    /// <summary>Whether a path has the same blob in two commits (both present).</summary>
    static bool SameBlob(GitCli git, string a, string b, string path) =>
        git.TryRun(out var x, "rev-parse", $"{a}:{path}") == 0
        && git.TryRun(out var y, "rev-parse", $"{b}:{path}") == 0
        && x == y;

    /// <summary>report.json (every report the branch carries, with what the engine used in this run) and pr.md (the
    /// whole body, never split or cut): <see cref="ReportFiles"/>, as <c>amts sync --report</c> writes them.</summary>
    static string? WriteReport(
        ActionContext context,
        LanguageConfig language,
        IReadOnlyList<SyncReport> reports,
        EngineUsage? usage,
        PullRequestText text
    )
    {
        if (context.ReportRoot == null)
            return null;
        var dir = Path.Combine(context.ReportRoot, "amts-report", language.Code);
        Directory.CreateDirectory(dir);
        AtomicFile.Write(Path.Combine(dir, "report.json"), ReportFiles.Json(reports, usage));
        AtomicFile.Write(Path.Combine(dir, "pr.md"), ReportFiles.PullRequestMarkdown(text));
        return dir;
    }
}
