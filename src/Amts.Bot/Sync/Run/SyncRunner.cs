using Amts.Bot.Alignment;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;
using Amts.Bot.Translation;

namespace Amts.Bot.Sync.Run;

internal sealed record SyncOptions
{
    public required string Source { get; init; }
    public required string Target { get; init; }
    public required string Language { get; init; }
    public string? From { get; init; }
    public string To { get; init; } = "HEAD";
    public bool Commit { get; init; }
    public string? Branch { get; init; }
    public CosmeticRules Rules { get; init; } = CosmeticRules.Default;
    public string SourceName { get; init; } = "d2l-en";
    public string? CompareUrlBase { get; init; }

    /// <summary>The English repository as owner/name (e.g. d2l-ai/d2l-en), checked against the target's d2lbook
    /// <c>config.ini</c>; when null, taken from the source's GitHub remote, if it has one.</summary>
    public string? EnglishRepository { get; init; }

    /// <summary><see cref="From"/> is not a commit of the English history but a reconciliation base: a commit made
    /// only to diff against, whose tree is the English each translated file follows (the action builds it after a
    /// force-push or a lost state). The range's ancestry is then not checked.</summary>
    public bool FromIsReconciliation { get; init; }

    /// <summary>With --commit: files the sync's commit removes, asked once everything is translated (the action's
    /// batch-job record, once the job's output is applied).</summary>
    public Func<IEnumerable<string>>? RemoveWithCommit { get; init; }

    /// <summary>Git repositories holding more English revisions (every branch and tag is read), e.g. a clone of the
    /// English releases: where the base of a file without <c>_origin.md</c> or recorded sync is looked for, besides
    /// the source's history (<see cref="BaseDiscovery"/>).</summary>
    public IReadOnlyList<string> EnglishRevisions { get; init; } = [];

    /// <summary>Files at the top of the repository that are synced although they are not book files (by default only
    /// the root <c>index.md</c> is: <c>README.md</c>, <c>INFO.md</c>, <c>STYLE_GUIDE.md</c>, … are each repository's
    /// own and are left alone; <see cref="SyncPlanner.IsBookFile"/>).</summary>
    public IReadOnlyList<string> BookFiles { get; init; } = [];
}

/// <summary>
/// The sync, at the I/O edge: reads the English range from git, the translation from its work tree, plans every
/// file (pure), translates all requests through the engine, and only when everything has succeeded applies the
/// files, the <c>_origin.md</c> records and (with --commit) the state file and one commit, all or nothing, through a
/// <see cref="SyncTransaction"/> that also locks the target and recovers what an interrupted run left.
/// </summary>
internal sealed class SyncRunner(ITranslationEngine? engine)
{
    /// <summary>For tests only: a change made to each file's plan after planning, as a planner bug would make it (the
    /// output check must stop what it writes).</summary>
    internal Func<FilePlan, FilePlan>? AfterPlanning { get; init; }

    public async Task<SyncReport> RunAsync(SyncOptions o, CancellationToken ct = default)
    {
        using var transaction = SyncTransaction.Begin(o); // lock, recovery, clean tree and sync branch (with --commit)
        var src = new GitCli(o.Source);
        var state = SyncState.Read(o.Target);
        var to = SyncPreconditions.ResolveCommit(src, o.To, "--to");
        var fromSpec = o.From
            ?? state?.SourceCommit
            ?? throw new SyncException(
                "no --from given and the target has no sync state (.amts/state.json): say where the English range "
                    + "starts"
            );
        var from = SyncPreconditions.ResolveCommit(src, fromSpec, "--from", fromState: o.From == null);
        if (!o.FromIsReconciliation)
            SyncChecks.Range(src, from, to, fromState: o.From == null);
        SyncChecks.LooksLikeTranslation(src, from, to, o.Target);
        // The target's d2lbook config.ini, where it has one, must describe this sync (language, English book); its
        // warnings (a fork of the English repository) are for the action, which reads it first.
        D2lBookConfig
            .Read(o.Target)
            ?.Check(o.Language, o.EnglishRepository ?? GitHubUrlOf(src)?["https://github.com/".Length..]);
        var planned = SyncPlanner.Plan(o, src, state, from, to);
        var usesOrigin = planned.UsesOrigin;
        var plans = planned.Files;

        // Translate everything in ONE engine call for the whole run (planned, priced and capped first); an engine error
        // stops the run before anything is written.
        var memory = engine is null or TranslationMemory { FromBook: true } ? planned.Memory : engine;
        var asked = plans.Where(p => p.Plan is { Requests.Count: > 0 }).Select(p => p.Plan!).ToList();
        var answers = await TranslationRun.TranslateAsync(
            memory,
            asked.Select(plan => new TranslationRequestFile(plan.TargetPath, plan.Requests)).ToList(),
            "en",
            o.Language,
            ct
        );
        var translated = new Dictionary<FilePlan, IReadOnlyList<TranslationResult>>(ReferenceEqualityComparer.Instance);
        foreach (var (plan, answer) in asked.Zip(answers))
            translated[plan] = answer;
        var results = new List<FileReport>();
        var writes = new List<(string Path, string? Content)>();
        var stateFiles = new Dictionary<string, string>(
            state?.Files ?? new Dictionary<string, string>(),
            StringComparer.Ordinal
        );
        var discovered = new Dictionary<string, DiscoveredBase>(
            state?.Discovered ?? new Dictionary<string, DiscoveredBase>(),
            StringComparer.Ordinal
        );
        foreach (var p in plans)
        {
            if (p.Plan == null)
            {
                results.Add(p.Report);
                if (p.DeletePath != null)
                {
                    writes.Add((p.DeletePath, null));
                    if (File.Exists(Path.Combine(o.Target, Book.OriginPathOf(p.DeletePath))))
                        writes.Add((Book.OriginPathOf(p.DeletePath), null));
                    stateFiles.Remove(p.DeletePath);
                }
                continue;
            }
            var translations = translated.TryGetValue(p.Plan, out var t) ? t : [];
            FileSyncResult applied;
            try
            {
                applied = FilePlanner.Apply(AfterPlanning?.Invoke(p.Plan) ?? p.Plan, translations);
            }
            catch (InvalidOperationException e)
            {
                results.Add(p.Report with { Status = FileStatus.Failed, Note = e.Message });
                continue;
            }
            if (memory is BookMemory book)
                applied = WithReuse(applied, p.Plan, translations, book);
            // The last word before anything is written: the file as written, checked against the English and the
            // translation before (OutputVerifier). A file it refuses is held like a file the plan held.
            var refused = p.Plan.Held
                ? []
                : OutputVerifier.Verify(
                    new WrittenFile(
                        p.Plan.TargetPath,
                        p.BaseEnglish ?? p.NewEnglish ?? "",
                        p.NewEnglish ?? p.EnglishAfter ?? p.BaseEnglish ?? "",
                        p.Plan.OriginalTarget,
                        applied.NewTarget,
                        applied.Changes
                    )
                );
            results.Add(
                refused.Count > 0
                    ? HeldByOutputCheck(p.Report, p.Plan.TargetPath, applied.Changes, refused)
                    : p.Report with
                    {
                        Changes = applied.Changes,
                        Findings = p.Plan.Findings,
                    }
            );
            if (p.Plan.Held || refused.Count > 0)
            {
                // Held whole for review: the translation, its _origin.md and its state stay as they are, so the next
                // sync starts from the same English. A file English moved still moves (as git mv would), untouched, so
                // the tocs that follow the move name a file that exists.
                if (p.MovedFrom != null)
                    MoveUntouched(o.Target, p.MovedFrom, p.Plan.TargetPath, writes, stateFiles);
                continue;
            }
            var path = p.Plan.TargetPath;
            if (p.MovedFrom != null)
            {
                writes.Add((p.MovedFrom, null));
                if (File.Exists(Path.Combine(o.Target, Book.OriginPathOf(p.MovedFrom))))
                    writes.Add((Book.OriginPathOf(p.MovedFrom), null));
                stateFiles.Remove(p.MovedFrom);
            }
            if (applied.NewTarget != p.Plan.OriginalTarget || p.MovedFrom != null)
                writes.Add((path, applied.NewTarget));
            // No new English for an edit of the translation alone (its tocs); a file carried untouched keeps its old
            // English.
            if (usesOrigin && p.NewEnglish != null)
                writes.Add((Book.OriginPathOf(path), p.NewEnglish));
            if (p.NewEnglishBlob != null)
                stateFiles[path] = p.NewEnglishBlob;
            if (p.Discovered != null && p.NewEnglishBlob != null)
            {
                if (p.MovedFrom != null)
                    discovered.Remove(p.MovedFrom);
                discovered[path] = p.Discovered;
            }
        }
        var repoUrl = o.CompareUrlBase ?? GitHubUrlOf(src);
        var report = new SyncReport(
            o.SourceName,
            from,
            to,
            o.Language,
            memory.Name,
            results,
            repoUrl == null ? null : $"{repoUrl.TrimEnd('/')}/compare/{from}...{to}"
        );

        // The state written with the commit holds the merged chapters' records (read with it): they are folded in.
        if (o.Commit)
            writes.AddRange(SyncState.FragmentPaths(o.Target).Select(f => (f, (string?)null)));
        if (o.Commit && o.RemoveWithCommit != null)
            writes.AddRange(o.RemoveWithCommit().Select(f => (f, (string?)null)));
        // All or nothing, and only what really changes (a repeated run is a no-op); the state only with the commit.
        // a stop asked for (Ctrl-C) before anything is written: the transaction puts the target back
        ct.ThrowIfCancellationRequested();
        transaction.Apply(
            writes,
            new SyncState(to, stateFiles) { Discovered = discovered.Count > 0 ? discovered : null },
            $"Sync with {o.SourceName} {from[..10]}..{to[..10]}\n\nEnglish range: {from}..{to}\nLanguage: {o.Language}"
        );
        return report;
    }

    /// <summary>The report of a file the output check refused: one review item per finding, saying that nothing of the
    /// file was written and which English changes are still to carry (the next sync plans them again, from the same
    /// English). The characters already sent to the engine stay counted.</summary>
    internal static FileReport HeldByOutputCheck(
        FileReport report,
        string path,
        IReadOnlyList<AppliedChange> changes,
        IReadOnlyList<OutputFinding> findings
    )
    {
        var english = changes
            .Where(c => c.Change.Kind != ChangeKind.Kept && c.Change.English is { })
            .Select(c => c.Change.English!.Value)
            .Distinct()
            .ToList();
        var where =
            english.Count == 0
                ? ""
                : " (English "
                    + string.Join(
                        ", ",
                        english.Take(8).Select(r => r.First == r.Last ? $"line {r.First}" : $"lines {r.First}–{r.Last}")
                    )
                    + (english.Count > 8 ? $" and {english.Count - 8} more" : "")
                    + ")";
        var todo =
            $"nothing of this file was written; its {changes.Count(c => c.Change.Kind != ChangeKind.Kept)} English "
            + $"change(s){where} "
            + "are still to carry: carry them by hand, or report the bot's error (the next sync tries again)";
        var items = findings
            .Select(
                (f, i) =>
                    new AppliedChange(
                        new PlannedChange(
                            ChangeKind.Review,
                            $"held by the output check ({f.Rule}): {f.Message}; {todo}",
                            null,
                            f.Line > 0 ? new LineRange(f.Line, f.Line) : null,
                            [],
                            true
                        ),
                        i == 0 ? changes.Sum(c => c.MtChars) : 0,
                        0,
                        []
                    )
            )
            .ToList();
        return report with
        {
            Status = FileStatus.Held,
            Note = "held by the output check: " + string.Join("; ", findings.Select(f => f.ToString())),
            Changes = items,
            Findings = findings
                .Select(f => new FileFinding(FindingKind.OutputCheck, path, 0, $"{f.Rule}: {f.Message}"))
                .ToList(),
        };
    }

    /// <summary>Segments the book's memory answered as the engine are human text from elsewhere in the book: the
    /// change that took them goes to review, naming where they came from.</summary>
    static FileSyncResult WithReuse(
        FileSyncResult applied,
        FilePlan plan,
        IReadOnlyList<TranslationResult> results,
        BookMemory book
    )
    {
        var changes = applied
            .Changes.Select(c =>
            {
                var reused = c
                    .Change.Requests.Where(r =>
                        results[r].Text != null && TranslationRun.NeedsTranslation(plan.Requests[r])
                    )
                    .Select(r => book.Answer(plan.Requests[r]))
                    .OfType<HumanText>()
                    .ToList();
                if (reused.Count == 0)
                    return c;
                var reason = $"{c.Change.Reason}; {BookMemory.Note(reused)}";
                return c with { Change = c.Change with { Reason = reason, NeedsReview = true } };
            })
            .ToList();
        return applied with { Changes = changes };
    }

    static void MoveUntouched(
        string target,
        string from,
        string to,
        List<(string Path, string? Content)> writes,
        Dictionary<string, string> stateFiles
    )
    {
        writes.Add((from, null));
        writes.Add((to, SourceText.ReadFile(Path.Combine(target, from))));
        var origin = Path.Combine(target, Book.OriginPathOf(from));
        if (File.Exists(origin))
        {
            writes.Add((Book.OriginPathOf(from), null));
            writes.Add((Book.OriginPathOf(to), SourceText.ReadFile(origin)));
        }
        stateFiles.Remove(from);
    }

    /// <summary>The web address of the English repository when its origin remote is on GitHub (for the compare
    /// link).</summary>
    public static string? GitHubUrlOf(GitCli git)
    {
        if (git.TryRun(out var url, "config", "--get", "remote.origin.url") != 0)
            return null;
        var m = System.Text.RegularExpressions.Regex.Match(
            url.Trim(),
            @"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)([\w.-]+)/([\w.-]+?)(?:\.git)?/?$"
        );
        return m.Success ? $"https://github.com/{m.Groups[1].Value}/{m.Groups[2].Value}" : null;
    }
}
