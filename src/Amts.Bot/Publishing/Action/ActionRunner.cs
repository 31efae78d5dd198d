using Amts.Bot.Alignment;
using Amts.Bot.Errors;
using Amts.Bot.Publishing.GitHub;
using Amts.Bot.Sync;
using Amts.Bot.Translation;

namespace Amts.Bot.Publishing.Action;

/// <summary>Everything one run of the action knows: the English work tree and the pushed commit, the configuration,
/// the token, and where it may clone and write its reports (outside the workspace).</summary>
public sealed record ActionContext
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
    /// <summary>The address of the run's artifact (linked from the body), when known.</summary>
    public string? ArtifactHint { get; init; }
}

/// <summary>The outcome of one language: what was done (created, updated, none, failed), the pull request if one
/// exists, the engine characters, the message, warnings, and where its report is.</summary>
public sealed record LanguageOutcome(string Language, string Repository, string Operation, int? PullNumber, string? PullUrl, int MtChars, string Message)
{
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>Set when the language failed, also after its pull request was published (then the PR is still reported).</summary>
    public string? Error { get; init; }
    public string? ReportDirectory { get; init; }
    public bool Failed => Operation == "failed" || Error != null;
}

/// <summary>
/// The action, per language, with an error boundary around each: one language's failure (configuration, engine,
/// clone, GitHub) is recorded as its outcome and annotated, and the next language still runs. Per language:
/// 1. the forge says the base branch and whether a sync pull request is open (or was closed unmerged);
/// 2. the translation is cloned over HTTPS with the token in git's environment (<see cref="IForge.GitCredentials"/>);
/// 3. <see cref="SyncBranch"/> checks out the sync branch (carried and merged with the base, or fresh);
/// 4. <see cref="EnglishRange"/> decides the range from the recorded state (never backwards; reconcile after a rewrite);
/// 5. the sync (<see cref="SyncRunner"/>) commits on the branch; its report becomes a note on the commit;
/// 6. report.json and pr.md are written; the branch and notes are pushed; <see cref="Publisher"/> publishes.
/// </summary>
public sealed class ActionRunner(IForge forge, ICiHost host, Func<LanguageConfig, ITranslationEngine?> engines,
    Func<LanguageConfig, IReadOnlyList<(string System, ITranslationEngine Engine)>>? qualitySystems = null)
{
    public async Task<IReadOnlyList<LanguageOutcome>> RunAsync(ActionContext context, CancellationToken ct = default)
    {
        var outcomes = new List<LanguageOutcome>();
        if (context.Language is { Length: > 0 } only && context.Config.Languages.All(l => l.Code != only))
        {
            var message = $"language '{only}' is not configured (configured: {string.Join(", ", context.Config.Languages.Select(l => l.Code))})";
            host.Annotate(AnnotationLevel.Error, message + ": add it to the configuration or dispatch a configured one", "amts " + only);
            outcomes.Add(new LanguageOutcome(only, "", "failed", null, null, 0, message) { Error = message });
            return outcomes;
        }
        Exception? historyProblem = null;
        try { EnglishRange.EnsureFullHistory(new GitCli(context.EnglishRepo), host.Log); }
        catch (AmtsException e) { historyProblem = e; }
        foreach (var language in context.Config.Languages)
        {
            if (context.Language is { Length: > 0 } one && one != language.Code) continue;
            if (language.OptOut)
            {
                outcomes.Add(new LanguageOutcome(language.Code, language.Repository, "none", null, null, 0, "opted out"));
                continue;
            }
            if (language.Problems.Count > 0)
            {
                // Already annotated on the configuration's lines: the language fails, the others run.
                var message = $"not run: its entry in the configuration has {language.Problems.Count} error(s): {string.Join("; ", language.Problems)}";
                outcomes.Add(new LanguageOutcome(language.Code, language.Repository, "failed", null, null, 0, message) { Error = message });
                continue;
            }
            host.Group($"{language.Code} ({language.Repository})");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(context.LanguageTimeout);
            try
            {
                if (historyProblem != null) throw historyProblem;
                outcomes.Add(await RunLanguageAsync(context, language, timeout.Token));
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var message = e switch
                {
                    AmtsException a => a.UserMessage,
                    OperationCanceledException => $"stopped after {context.LanguageTimeout.TotalMinutes:0} minute(s) (the language_timeout_minutes input)",
                    _ => $"unexpected {e.GetType().Name}: {e.Message} (a defect in amts; please report it with this log)",
                };
                message = message.Replace(context.Token, "***");
                host.Annotate(AnnotationLevel.Error, message, "amts " + language.Code);
                outcomes.Add(new LanguageOutcome(language.Code, language.Repository, "failed", null, null, 0, message) { Error = message });
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
        var engine = engines(language); // first, inside the boundary: an engine that cannot be made fails this language only
        var repo = language.Repository;
        var head = $"amts/sync-{language.Code}";
        var baseBranch = language.Branch ?? await forge.DefaultBranchAsync(repo, ct);
        var open = await forge.FindOpenPullAsync(repo, head, ct);
        var lastClosed = open == null ? await forge.LastClosedPullAsync(repo, head, ct) : null;

        var target = Path.Combine(context.WorkRoot, $"amts-{language.Code}-{Guid.NewGuid().ToString("N")[..8]}");
        var cloner = new GitCli(context.WorkRoot);
        var git = new GitCli(target);
        foreach (var (k, v) in forge.GitCredentials(context.Token)) cloner.Environment[k] = git.Environment[k] = v;
        GitFailures.Run(cloner, "clone", "-q", "--no-tags", "--branch", baseBranch, forge.CloneUrl(repo), target);
        ReportNotes.Fetch(git);
        // A sync PR closed unmerged: its English changes never reached the base. With a state on the base they are
        // synced again anyway (the state did not move); without one, the closed branch's first report says where its range began.
        string? before = context.PushBefore;
        if (lastClosed is { MergedAt: null } && SyncState.Read(target) == null
            && git.TryRun(out _, "fetch", "-q", "origin", $"+refs/heads/{head}:refs/remotes/origin/{head}") == 0
            && ReportNotes.Collect(git, "origin/" + baseBranch, "origin/" + head) is { Count: > 0 } closedReports)
            before = closedReports[0].From;
        var start = SyncBranch.Prepare(git, head, baseBranch, open != null);
        var notes = new List<string>(start.Notes);
        if (lastClosed is { MergedAt: null } closed)
            notes.Add($"The earlier sync pull request #{closed.Number} was closed without merging: its English changes were never merged, so this pull request carries them again.");

        var english = new GitCli(context.EnglishRepo);
        var state = SyncState.Read(target);
        bool hasOrigin = Directory.EnumerateFiles(target, "*" + Book.OriginSuffix, SearchOption.AllDirectories).Any();
        var decision = EnglishRange.Decide(english, state, context.PushedCommit, before, context.Forced, hasOrigin);
        host.Log($"{language.Code}: {decision.Reason}");
        if (decision.Kind == RangeKind.Nothing)
            return new LanguageOutcome(language.Code, repo, "none", open?.Number, open?.HtmlUrl, 0, decision.Reason);
        if (decision.Kind == RangeKind.Reconcile) notes.Add(Untrusted.Neutralise(decision.Reason) + ".");
        var from = decision.Kind == RangeKind.Reconcile ? EnglishRange.ReconcileBase(english, target, state, context.PushedCommit) : decision.From!;

        var beforeSync = git.Run("rev-parse", "HEAD").Trim();
        var report = await new SyncRunner(engine).RunAsync(new SyncOptions
        {
            Source = context.EnglishRepo, Target = target, Language = language.Code, From = from, To = context.PushedCommit, Commit = true, Branch = head,
            SourceName = context.EnglishRepoName.Split('/')[^1], CompareUrlBase = context.EnglishWebUrl,
            FromIsReconciliation = decision.Kind == RangeKind.Reconcile,
        }, ct);
        var afterSync = git.Run("rev-parse", "HEAD").Trim();
        bool newCommit = afterSync != beforeSync, merged = beforeSync != start.StartSha;
        int mt = report.Totals.MtChars;
        if (newCommit && open == null && !merged && SyncBranch.OnlyStateChanged(git, beforeSync, afterSync))
            return new LanguageOutcome(language.Code, repo, "none", null, null, mt,
                "no Markdown change to carry over: only the recorded English commit would move; no pull request for that (the state moves with the next real change)");
        // A reconciliation starts from a commit made only to diff against: the report says "reconciled" instead.
        if (decision.Kind == RangeKind.Reconcile) report = report with { From = "reconciled", CompareUrl = null };
        if (newCommit) ReportNotes.Add(git, afterSync, report);

        var reports = ReportNotes.Collect(git, "origin/" + baseBranch);
        if (reports.Count == 0) reports.Add(report);
        PullRequestText Text(PullRequest? pull) => PullRequestTextBuilder.Build(reports, notes, start.TranslatorKept,
            (path, line) => pull == null ? null : forge.FileLineUrl(pull, path, line), forge.MaxBodyLength, QualityComment.EstimatedCost,
            context.ArtifactHint);
        var reportDir = WriteReport(context, language, reports, Text(open));

        if (!newCommit && !merged && open == null)
            return new LanguageOutcome(language.Code, repo, "none", null, null, mt, $"nothing to carry over up to {context.PushedCommit[..7]}") { ReportDirectory = reportDir };
        if (context.DryRun)
        {
            var t = Text(open);
            host.Log($"{language.Code}: dry run: would push {head} ({git.Run("rev-list", "--count", $"origin/{baseBranch}..HEAD").Trim()} commit(s) over {baseBranch}) and {(open != null ? $"update #{open.Number}" : "open a pull request")} titled \"{t.Title}\"; the body is in {reportDir}/pr.md");
            return new LanguageOutcome(language.Code, repo, "none", open?.Number, open?.HtmlUrl, mt, "dry run: nothing pushed") { ReportDirectory = reportDir };
        }

        if (newCommit || merged || start.RemoteSha != afterSync)
        {
            SyncBranch.Push(git, start);
            GitFailures.Run(git, "push", "-q", "-f", "origin", $"{ReportNotes.Ref}:{ReportNotes.Ref}");
        }
        bool changed = newCommit || merged;
        var review = newCommit ? (afterSync, ReviewComments.From(report, PullDiff.Of(git, "origin/" + baseBranch, afterSync).Contains)) : ((string, IReadOnlyList<ReviewComment>)?)null;
        var result = await new Publisher(forge, host).PublishAsync(repo, head, baseBranch, language, Text, refreshBody: changed || open == null,
            c => QualityComment.RenderAsync(reports[^1], target, language, engine, qualitySystems?.Invoke(language) ?? [], c), ct, qualityOnlyIfMissing: !newCommit, review);
        if (result.Pull != null) WriteReport(context, language, reports, Text(result.Pull)); // pr.md with the links to the lines
        var operation = result.Created ? "created" : changed ? "updated" : "none";
        var message = result.Pull == null ? "nothing published" : $"pull request #{result.Pull.Number} {(result.Created ? "created" : changed ? "updated" : "unchanged (each publishing step checked)")}";
        host.Log($"{language.Code}: {message}");
        return new LanguageOutcome(language.Code, repo, operation, result.Pull?.Number, result.Pull?.HtmlUrl, mt, message)
        {
            Warnings = result.Warnings, Error = result.Errors.Count > 0 ? string.Join("; ", result.Errors) : null, ReportDirectory = reportDir,
        };
    }

    /// <summary>report.json (every report the branch carries) and pr.md (the whole body, never split or cut).</summary>
    static string? WriteReport(ActionContext context, LanguageConfig language, IReadOnlyList<SyncReport> reports, PullRequestText text)
    {
        if (context.ReportRoot == null) return null;
        var dir = Path.Combine(context.ReportRoot, "amts-report", language.Code);
        Directory.CreateDirectory(dir);
        AtomicFile.Write(Path.Combine(dir, "report.json"), ReportNotes.Serialize(reports) + "\n");
        AtomicFile.Write(Path.Combine(dir, "pr.md"), "# " + text.Title + "\n\n" + text.FullMarkdown);
        return dir;
    }
}
