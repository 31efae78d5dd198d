using Amts.Bot.Alignment;
using Amts.Bot.Errors;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;
using Amts.Bot.Publishing.Forge;
using Amts.Bot.Publishing.GitHub;
using Amts.Bot.Sync;
using Amts.Bot.Sync.Run;
using Amts.Bot.Translation;

namespace Amts.Bot.Publishing.Action;

/// <summary>Everything one run of the action knows: the English work tree and the pushed commit, the configuration,
/// the token, and where it may clone and write its reports (outside the workspace).</summary>
internal sealed record ActionContext
{
    public required string EnglishRepo { get; init; }
    public required string PushedCommit { get; init; }
    public string? PushBefore { get; init; }

    /// <summary>The push event's <c>forced</c>: the English history was rewritten.</summary>
    public bool Forced { get; init; }
    public required ActionConfig Config { get; init; }
    public required string Token { get; init; }
    public required string WorkRoot { get; init; }

    /// <summary>Where report.json and pr.md are written per language (RUNNER_TEMP).</summary>
    public string? ReportRoot { get; init; }
    public string? Language { get; init; }
    public bool DryRun { get; init; }
    public string EnglishRepoName { get; init; } = "d2l-ai/d2l-en";
    public string? EnglishWebUrl { get; init; }

    /// <summary>The longest one language may take before it is stopped and reported failed.</summary>
    public TimeSpan LanguageTimeout { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>A scheduled run: only languages whose pull request waits for a batch job are synced (the others
    /// cost one API call each, no clone).</summary>
    public bool OnlyPendingJobs { get; init; }

    /// <summary>The address of the run's artifact (linked from the body), when known.</summary>
    public string? ArtifactHint { get; init; }

    /// <summary>The English commit a translation's first sync starts from when it has no state (the <c>from</c> input
    /// of a workflow_dispatch; a language's <c>from:</c> key is the default). A state, when there is one,
    /// wins.</summary>
    public string? From { get; init; }
}

/// <summary>The outcome of one language: what was done (created, updated, none, failed), the pull request if one
/// exists, the engine characters, the message, warnings, and where its report is.</summary>
internal sealed record LanguageOutcome(
    string Language,
    string Repository,
    string Operation,
    int? PullNumber,
    string? PullUrl,
    int MtChars,
    string Message
)
{
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Set when the language failed, also after its pull request was published (then the PR is still
    /// reported).</summary>
    public string? Error { get; init; }
    public string? ReportDirectory { get; init; }

    /// <summary>The pull requests of a series (one per chapter); <see cref="PullUrl"/> is then its tracking
    /// issue.</summary>
    public IReadOnlyList<int> SeriesPulls { get; init; } = [];
    public bool Failed => Operation == "failed" || Error != null;
}

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
internal sealed class ActionRunner(
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
            outcomes.Add(new LanguageOutcome(only, "", "failed", null, null, 0, message) { Error = message });
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
                outcomes.Add(
                    new LanguageOutcome(language.Code, language.Repository, "none", null, null, 0, "opted out")
                );
                continue;
            }
            if (language.Problems.Count > 0)
            {
                // Already annotated on the configuration's lines: the language fails, the others run.
                var message =
                    $"not run: its entry in the configuration has {language.Problems.Count} error(s): "
                    + $"{string.Join("; ", language.Problems)}";
                outcomes.Add(
                    new LanguageOutcome(language.Code, language.Repository, "failed", null, null, 0, message)
                    {
                        Error = message,
                    }
                );
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
                outcomes.Add(
                    new LanguageOutcome(language.Code, language.Repository, "failed", null, null, 0, message)
                    {
                        Error = message,
                    }
                );
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
            return new LanguageOutcome(
                language.Code,
                repo,
                "none",
                open?.Number,
                open?.HtmlUrl,
                0,
                "scheduled run: no batch job pending"
            );
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
            return new LanguageOutcome(language.Code, repo, "none", open?.Number, open?.HtmlUrl, 0, decision.Reason);
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
            return new LanguageOutcome(
                language.Code,
                repo,
                "none",
                null,
                null,
                mt,
                "no Markdown change to carry over: only the recorded English commit would move; no pull request for "
                    + "that (the state moves with the next real change)"
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
            return new LanguageOutcome(
                language.Code,
                repo,
                "none",
                null,
                null,
                mt,
                $"nothing to carry over up to {context.PushedCommit[..7]}"
            )
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
            return new LanguageOutcome(
                language.Code,
                repo,
                "none",
                open?.Number,
                open?.HtmlUrl,
                mt,
                "dry run: nothing pushed"
            )
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
                return new LanguageOutcome(
                    code,
                    repo,
                    "none",
                    null,
                    null,
                    mt,
                    "dry run: the series is complete; would delete its workspace and close its tracking issue"
                )
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
            return new LanguageOutcome(
                code,
                repo,
                "none",
                null,
                null,
                mt,
                "the series is complete: every chapter is merged; its workspace was deleted and its tracking issue "
                    + "closed"
            )
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
            return new LanguageOutcome(
                code,
                repo,
                "none",
                null,
                null,
                mt,
                $"dry run: a series of {pulled.Count} pull request(s); nothing pushed"
            )
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
            host.Log($"{code}: {unit.Name}: no translation change, no pull request; its items are in #{issue.Number}");
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
                    SeriesTracking.ItemsSection(issue.Body, withoutPull, reports[^1])
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
