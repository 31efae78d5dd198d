using System.Security.Cryptography;
using System.Text;
using Amts.Bot.Alignment;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;
using Amts.Bot.Publishing;
using Amts.Bot.Translation;

namespace Amts.Bot.Sync.Run;

/// <summary>
/// The planning half of the sync: from the English range and the translation's work tree to per-file plans.
/// <list type="number">
/// <item>Each translated file is mapped to its English at <c>--from</c> (same path, else shared labels, figures and
/// code: <see cref="BookAligner.MapFiles"/>, the extract's mapping).</item>
/// <item>Each English file that vanished by <c>--to</c> is followed by content (<see cref="ContentUnits"/>, prose
/// included) to the new file that took most of it; its translation is carried there (git mv), its human text kept.
/// A vanished file whose content lives on elsewhere but has no new home of its own is kept and listed for review;
/// only a file whose English content is really gone is deleted.</item>
/// <item>The base of each file is its <c>_origin.md</c>, else the English blob the state recorded for it, else the
/// English revision its content agrees with best, when convincingly (<see cref="BaseDiscovery"/>: the source's history
/// and <see cref="SyncOptions.EnglishRevisions"/>), else review with the range's English diff: never the English at
/// <c>--from</c> as a guess.</item>
/// <item>New English files, and files a synced toc lists that the translation lacks, are created; the book-wide
/// memory gives every reused English block and sentence its human translation.</item>
/// </list>
/// </summary>
internal static class SyncPlanner
{
    /// <summary>A vanished English file is carried to the new file sharing at least this many content units with it
    /// (labels, figures, code, paragraphs)...</summary>
    public const int MinSharedUnits = 3;

    /// <summary>...and at least this share of its units. On the v1.0 restructuring of d2l-en the true moves share
    /// 20–90 % (transformer.md 23 %), unrelated files under 5 %.</summary>
    public const double MinSharedShare = 0.1;

    /// <summary>A vanished English file with at least this share of its content units (or <see cref="MinSharedUnits"/>
    /// of them) alive somewhere in the new English has not been removed: its translation is kept for review rather
    /// than deleted.</summary>
    public const double LivesOnShare = 0.1;

    /// <summary>An English file at one commit: its text as git has it (what an <c>_origin.md</c> records) and as it
    /// is compared (<see cref="Lf"/>: line endings normalised, so a change of line endings alone changes
    /// nothing).</summary>
    sealed record EnglishFile(string Text, string Blob)
    {
        public string Lf { get; } = LineEndings.ToLf(Text);
    }

    public static SyncPlan Plan(SyncOptions o, GitCli src, SyncState? state, string from, string to)
    {
        // Only the book is synced: a repository's own files (README.md, INFO.md, ...) are left alone unless listed.
        var oldEnglish = ReadTree(src, from)
            .Where(e => IsBookFile(e.Key, o.BookFiles))
            .ToDictionary(StringComparer.Ordinal);
        var notText = new HashSet<string>(StringComparer.Ordinal);
        var newEnglish = ReadTree(src, to, notText)
            .Where(e => IsBookFile(e.Key, o.BookFiles))
            .ToDictionary(StringComparer.Ordinal);
        // The translation is planned with "\n" line endings and written with its own (TargetLineEndings); its
        // _origin.md records are English, kept as they are and normalised where they are compared.
        var asRead = BookReader.FromFolder(o.Target, o.Language);
        var translation = asRead with
        {
            Files = asRead.Files.ToDictionary(
                f => f.Key,
                f => Book.IsOriginFile(f.Key) ? f.Value : LineEndings.ToLf(f.Value),
                StringComparer.Ordinal
            ),
        };
        bool usesOrigin = translation.Files.Keys.Any(Book.IsOriginFile);
        var stateFiles = state?.Files ?? new Dictionary<string, string>();
        var memory = BookMemory.Build(translation, "en", () => RecordedEnglish(src, stateFiles, translation));
        var laterBlobs = new Lazy<Dictionary<string, string>>(() => BlobsAfter(src, to));
        var finder = new BaseFinder(
            src,
            to,
            o.EnglishRevisions.Select(r => new GitCli(r)).ToList(),
            o.Language,
            translation
        );

        // 1. Translation ↔ English at --from (the extract's mapping: same path, else shared anchors).
        var fromBook = new Book(
            src.WorkTree + "@" + from,
            "en",
            oldEnglish.ToDictionary(e => e.Key, e => e.Value.Lf, StringComparer.Ordinal)
        );
        var mapped = BookAligner
            .MapFiles(fromBook, translation)
            .Pairs.ToDictionary(p => p.SourcePath, p => p.TargetPath, StringComparer.Ordinal);
        var translated = mapped.Values.ToHashSet(StringComparer.Ordinal);
        // A translation whose path English only has at --to (a translation ahead of the range) pairs by path.
        foreach (
            var path in newEnglish.Keys.Where(p =>
                !oldEnglish.ContainsKey(p) && translation.Files.ContainsKey(p) && !translated.Contains(p)
            )
        )
        {
            mapped[path] = path;
            translated.Add(path);
        }

        // 2. Where the content of each vanished English file went.
        var vanished = oldEnglish.Keys.Where(p => !newEnglish.ContainsKey(p)).Order(StringComparer.Ordinal).ToList();
        var newUnits =
            vanished.Count == 0
                ? []
                : newEnglish.ToDictionary(
                    e => e.Key,
                    e => ContentUnits.Of(MarkdownDocument.Parse(e.Value.Lf, e.Key), withProse: true),
                    StringComparer.Ordinal
                );
        var allNewUnits = newUnits.Values.SelectMany(u => u).ToHashSet(StringComparer.Ordinal);
        var oldUnits = vanished.ToDictionary(
            p => p,
            p => ContentUnits.Of(MarkdownDocument.Parse(BaseTextForUnits(p), p), withProse: true),
            StringComparer.Ordinal
        );
        string BaseTextForUnits(string englishPath) =>
            mapped.TryGetValue(englishPath, out var t)
            && translation.Files.TryGetValue(Book.OriginPathOf(t), out var origin)
                ? LineEndings.ToLf(origin)
                : oldEnglish[englishPath].Lf;
        // New homes: English paths that did not exist at --from and that the translation does not have.
        var homes = newEnglish
            .Keys.Where(p => !oldEnglish.ContainsKey(p) && !translation.Files.ContainsKey(p))
            .ToList();
        var candidates = new List<(string Old, string New, int Shared)>();
        foreach (var old in vanished.Where(mapped.ContainsKey))
        foreach (var home in homes)
        {
            int shared = oldUnits[old].Count(newUnits[home].Contains);
            if (shared >= MinSharedUnits && shared >= MinSharedShare * oldUnits[old].Count)
                candidates.Add((old, home, shared));
        }
        var carriedTo = new Dictionary<string, (string Home, int Shared)>(StringComparer.Ordinal);
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (
            var c in candidates
                .OrderByDescending(c => c.Shared)
                .ThenBy(c => c.Old, StringComparer.Ordinal)
                .ThenBy(c => c.New, StringComparer.Ordinal)
        )
            if (!carriedTo.ContainsKey(c.Old) && claimed.Add(c.New))
                carriedTo[c.Old] = (c.New, c.Shared);

        var files = new List<PlannedFile>();
        var planned = new HashSet<string>(StringComparer.Ordinal); // English paths at --to with a plan
        var removedTargets = new HashSet<string>(StringComparer.Ordinal);
        var changedPaths = new HashSet<string>(StringComparer.Ordinal);

        // 3. Vanished English files: carried, kept for review, or deleted.
        foreach (var old in vanished)
        {
            if (!mapped.TryGetValue(old, out var target))
            {
                files.Add(
                    new PlannedFile(
                        new FileReport(
                            old,
                            null,
                            "missing",
                            [],
                            0,
                            "deleted in English; the translation has no such file"
                        ),
                        null,
                        null,
                        null,
                        null,
                        null
                    )
                );
                continue;
            }
            if (notText.Contains(old))
            {
                files.Add(
                    new PlannedFile(
                        Review(
                            old,
                            target,
                            $"{old} at --to is not UTF-8 text: nothing of it is carried; fix the English file"
                        ),
                        null,
                        null,
                        null,
                        null,
                        null
                    )
                );
                continue;
            }
            if (carriedTo.TryGetValue(old, out var home))
            {
                var note = $"moved from {old} ({home.Shared} of {oldUnits[old].Count} content units)";
                files.AddRange(
                    Maybe(
                        PlanFile(
                            o,
                            src,
                            stateFiles,
                            translation,
                            memory,
                            laterBlobs,
                            home.Home,
                            newEnglish[home.Home],
                            target,
                            home.Home,
                            "renamed",
                            note,
                            finder,
                            oldEnglish[old].Lf,
                            old
                        )
                    )
                );
                planned.Add(home.Home);
                removedTargets.Add(target);
                continue;
            }
            int alive = oldUnits[old].Count(allNewUnits.Contains);
            if (oldUnits[old].Count > 0 && (alive >= LivesOnShare * oldUnits[old].Count || alive >= MinSharedUnits))
            {
                var where = newUnits
                    .Where(n => n.Value.Overlaps(oldUnits[old]))
                    .OrderByDescending(n => n.Value.Count(oldUnits[old].Contains))
                    .Take(3)
                    .Select(n => n.Key);
                var reason =
                    $"English removed {old}, but {alive} of its {oldUnits[old].Count} content units live on (in "
                    + $"{string.Join(", ", where)}): "
                    + "the translation is kept; their human translation was carried there from the book's memory; "
                    + "delete this file once reviewed";
                files.Add(new PlannedFile(Review(old, target, reason), null, null, null, null, null));
                continue;
            }
            files.Add(
                new PlannedFile(
                    new FileReport(
                        old,
                        target,
                        "deleted",
                        [],
                        0,
                        $"English removed {old}: {alive} of its {oldUnits[old].Count} content units live on "
                            + $"elsewhere (under {LivesOnShare:P0} and under {MinSharedUnits})"
                    ),
                    null,
                    null,
                    null,
                    target,
                    null
                )
            );
            removedTargets.Add(target);
        }

        // 4. English files at --to: changed ones (and new ones) are planned.
        foreach (var (path, english) in newEnglish.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (planned.Contains(path) || BookStructure.ByStructure(path, translation))
                continue; // the root index without _origin.md: by its toc structure, below
            bool existed = oldEnglish.TryGetValue(path, out var before);
            if (existed && before!.Blob == english.Blob)
                continue;
            var target = mapped.TryGetValue(path, out var t) ? t : null;
            if (existed && before!.Lf == english.Lf)
            {
                // Only line endings changed in the range: nothing for a reader, so nothing is carried (as for a file
                // the range did not touch: the translation, its _origin.md and its state stay as they are).
                if (target == null)
                    continue;
                var only = new AppliedChange(LineEndingsOnly(english.Text), 0, 0, []);
                var report = new FileReport(path, target, "modified", [only], 0, null);
                files.Add(new PlannedFile(report, null, null, null, null, null));
                continue;
            }
            changedPaths.Add(path);
            if (target == null && existed)
            {
                files.Add(
                    new PlannedFile(
                        new FileReport(
                            path,
                            null,
                            "missing",
                            [],
                            0,
                            "changed in English; the translation has no such file"
                        ),
                        null,
                        null,
                        null,
                        null,
                        null
                    )
                );
                continue;
            }
            files.AddRange(
                Maybe(
                    PlanFile(
                        o,
                        src,
                        stateFiles,
                        translation,
                        memory,
                        laterBlobs,
                        path,
                        english,
                        target,
                        target ?? path,
                        target == null ? "added" : "modified",
                        null,
                        finder,
                        before?.Lf
                    )
                )
            );
            planned.Add(path);
        }

        // 5. A plan that cannot apply, or would unbalance the translation's tab groups or code fences, is not carried
        // out.
        // What each plan writes with its requests standing for their translations, kept for the tocs below.
        var selfTests = new Dictionary<FilePlan, string>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < files.Count; i++)
            files[i] = Safe(files[i], translation, selfTests);

        // The root index without _origin.md follows the English tocs' changes by their structure, with the moves.
        if (
            BookStructure.ByStructure(Toc.Root, translation)
            && oldEnglish.TryGetValue(Toc.Root, out var rootBefore)
            && newEnglish.TryGetValue(Toc.Root, out var rootAfter)
            && rootBefore.Lf != rootAfter.Lf
        )
        {
            var moved = files
                .Where(f => f.MovedFrom != null && f.Plan != null)
                .ToDictionary(f => f.MovedFrom!, f => f.Plan!.TargetPath, StringComparer.Ordinal);
            foreach (var (old, home) in carriedTo)
                moved.TryAdd(old, home.Home);
            files.Add(BookStructure.PlanRoot(rootBefore.Lf, rootAfter.Lf, translation.Files[Toc.Root], moved));
        }

        // 6. Toc files: entries follow moved files and drop deleted ones; a file a synced toc lists that the
        // translation lacks is created when English has it.
        FollowTocs(translation, files);
        var exists = translation
            .ContentPaths.Where(p => !removedTargets.Contains(p))
            .Concat(files.Where(f => f.Plan != null).Select(f => f.Plan!.TargetPath))
            .ToHashSet(StringComparer.Ordinal);
        var queue = new Queue<PlannedFile>(files.Where(f => f.Plan != null));
        while (queue.Count > 0)
        {
            var file = queue.Dequeue();
            // A plan the toc step left as it was is applied once: its self-test's text is the same.
            if (!selfTests.TryGetValue(file.Plan!, out var result))
                try
                {
                    result = SelfTest(file.Plan!);
                }
                catch (InvalidOperationException)
                {
                    continue;
                } // a plan that cannot apply fails in the runner, with its message
            foreach (var entry in TocEntries(result, file.Plan!.TargetPath))
            {
                if (exists.Contains(entry) || !newEnglish.TryGetValue(entry, out var english))
                    continue;
                foreach (
                    var added in Maybe(
                        PlanFile(
                            o,
                            src,
                            stateFiles,
                            translation,
                            memory,
                            laterBlobs,
                            entry,
                            english,
                            null,
                            entry,
                            "added",
                            "listed by the toc of " + file.Plan.TargetPath,
                            finder
                        )
                    )
                )
                {
                    files.Add(added);
                    queue.Enqueue(added);
                }
                exists.Add(entry);
            }
        }
        // 7. What is written keeps the translation's line endings (a new file takes the book's).
        var bookEnding = TargetLineEndings.OfBook(asRead.ContentPaths.Select(p => asRead.Files[p]));
        for (int i = 0; i < files.Count; i++)
        {
            if (files[i].Plan is not { } plan)
                continue;
            var raw = asRead.Files.GetValueOrDefault(files[i].MovedFrom ?? plan.TargetPath);
            if (raw != null && LineEndings.ToLf(raw) != plan.OriginalTarget)
                raw = null; // a file the plan did not read
            raw ??= plan.OriginalTarget;
            var restored = TargetLineEndings.Restore(plan, raw, TargetLineEndings.For(raw, bookEnding));
            files[i] = files[i] with { Plan = restored };
        }
        return new SyncPlan(usesOrigin, files, memory);
    }

    /// <summary>A plan is applied with its requests standing for their translations (they cannot add tab markers or
    /// fences): when that fails, or leaves tab groups or fences unbalanced in a translation where they were balanced,
    /// the file goes to review untouched. A carried file still moves (with its old <c>_origin.md</c>, so the next
    /// sync carries the English changes from there).</summary>
    static PlannedFile Safe(PlannedFile file, Book translation, Dictionary<FilePlan, string> selfTests)
    {
        if (file.Plan == null || file.Plan.Edits.Count == 0)
            return file;
        string? problem = null;
        try
        {
            var result = SelfTest(file.Plan);
            selfTests[file.Plan] = result;
            if (Balanced(file.Plan.OriginalTarget) && !Balanced(result))
                problem = "the edits would unbalance the translation's :begin_tab:/:end_tab: or code fences";
        }
        catch (InvalidOperationException e)
        {
            problem = e.Message;
        }
        if (problem == null)
            return file;
        var reason = $"{problem}: nothing carried into this file; carry the English changes by hand";
        var review = new PlannedChange(ChangeKind.Review, reason, null, null, [], true);
        var report = file.Report with { Status = "review", Note = reason };
        if (file.MovedFrom == null)
            return new PlannedFile(
                report with
                {
                    Changes = [new AppliedChange(review, 0, 0, [])],
                },
                null,
                null,
                null,
                null,
                null
            );
        var oldOrigin = translation.Files.GetValueOrDefault(Book.OriginPathOf(file.MovedFrom));
        return file with
        {
            Report = report,
            Plan = file.Plan with { Edits = [], Requests = [], Changes = [review] },
            NewEnglish = oldOrigin,
            NewEnglishBlob = null,
        };
    }

    /// <summary>The translation a plan writes with its requests standing for their translations.</summary>
    static string SelfTest(FilePlan plan) =>
        FilePlanner.Apply(plan, plan.Requests.Select(TranslationResult.Hit).ToList()).NewTarget;

    /// <summary>Whether every <c>:begin_tab:</c> has its <c>:end_tab:</c> and every code fence is closed.</summary>
    public static bool Balanced(string text)
    {
        int begin = 0,
            end = 0,
            fences = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith(":begin_tab:", StringComparison.Ordinal))
                begin++;
            else if (line.StartsWith(":end_tab:", StringComparison.Ordinal))
                end++;
            else if (line.StartsWith("```", StringComparison.Ordinal))
                fences++;
        }
        return begin == end && fences % 2 == 0;
    }

    /// <summary>
    /// The tocs of the translation as git mv would leave them: an entry naming a file carried to a new path names the
    /// new path, an entry naming a deleted file goes. Edits go on the translation's own toc lines; lines a plan
    /// already replaces (a toc carried from English names the new paths itself) are left to it.
    /// </summary>
    static void FollowTocs(Book translation, List<PlannedFile> files)
    {
        var moves = files
            .Where(f => f.MovedFrom != null)
            .ToDictionary(f => f.MovedFrom!, f => f.Plan!.TargetPath, StringComparer.Ordinal);
        var deleted = files
            .Where(f => f.DeletePath != null)
            .Select(f => f.DeletePath!)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var path in translation.ContentPaths.Where(p => !deleted.Contains(p)))
        {
            var text = translation.Files[path];
            if (!text.Contains("```toc", StringComparison.Ordinal))
                continue;
            var finalPath = moves.GetValueOrDefault(path, path);
            int index = files.FindIndex(f => f.Plan?.TargetPath == finalPath && (f.MovedFrom ?? finalPath) == path);
            if (index < 0)
                index = files.FindIndex(f => f.Plan == null && f.DeletePath == null && f.Report.TargetPath == path);
            var plan = index >= 0 ? files[index].Plan : null;
            var edits = new List<TextEdit>();
            // The toc change is appended after the file's own changes; its edits name it by that index.
            int tocChange = plan?.Changes.Count ?? (index >= 0 ? files[index].Report.Changes.Count : 0);
            foreach (var (start, length, entry, resolved, _) in Toc.Entries(text, path))
            {
                string? replacement =
                    deleted.Contains(resolved) ? ""
                    : moves.TryGetValue(resolved, out var moved) || finalPath != path
                        ? Toc.EntryFor(Toc.Folder(finalPath), moves.GetValueOrDefault(resolved, resolved))
                    : null;
                if (replacement == null || replacement.Length > 0 && replacement == entry)
                    continue;
                if (
                    plan != null
                    && plan.Edits.Any(e => e.Start < start + length + 1 && start < e.Start + Math.Max(e.Length, 1))
                )
                    continue;
                edits.Add(
                    replacement.Length == 0
                        ? new TextEdit(start, Math.Min(length + 1, text.Length - start), [], tocChange)
                        : new TextEdit(start, length, [TemplatePart.Text(replacement)], tocChange)
                );
            }
            if (edits.Count == 0)
                continue;
            var lines = new LineStarts(text);
            var tocLines = new LineRange(
                lines.LineAt(edits.Min(e => e.Start)),
                lines.LineAt(Math.Max(edits.Max(e => e.End) - 1, 0))
            );
            var change = new PlannedChange(
                ChangeKind.Patched,
                $"toc: {edits.Count} entr(ies) follow files moved or deleted by this sync",
                null,
                tocLines,
                [],
                false
            );
            if (plan != null)
            {
                files[index] = files[index] with
                {
                    Plan = plan with { Edits = [.. plan.Edits, .. edits], Changes = [.. plan.Changes, change] },
                };
                continue;
            }
            var before = index >= 0 ? files[index].Report : new FileReport(path, path, "modified", [], 0, null);
            var tocPlan = new FilePlan(path, text, edits, [.. before.Changes.Select(c => c.Change), change], [], []);
            var planned = new PlannedFile(before, tocPlan, null, null, null, null);
            if (index >= 0)
                files[index] = planned;
            else
                files.Add(planned);
        }
    }

    /// <summary>The files a d2lbook toc block lists (<c>```toc</c>, one entry per line, relative to the file, no
    /// <c>.md</c>).</summary>
    public static IEnumerable<string> TocEntries(string text, string path) =>
        Toc.Entries(text, path).Select(e => e.Path);

    /// <summary>Whether an English file is part of the book: every file in a folder (d2lbook's chapters) and the root
    /// <c>index.md</c>. The other files at the top (README.md, INFO.md, STYLE_GUIDE.md, CONTRIBUTING.md, ...) describe
    /// each repository, not the book: a translation's are its own, not translations of the English ones, and are synced
    /// only when <paramref name="listed"/> names them.</summary>
    public static bool IsBookFile(string path, IReadOnlyList<string> listed) =>
        path.Contains('/', StringComparison.Ordinal)
        || path == "index.md"
        || listed.Contains(path, StringComparer.Ordinal);

    static IEnumerable<PlannedFile> Maybe(PlannedFile? file) => file == null ? [] : [file];

    static FileReport Review(string englishPath, string? targetPath, string reason) =>
        new(
            englishPath,
            targetPath,
            "review",
            [new AppliedChange(new PlannedChange(ChangeKind.Review, reason, null, null, [], true), 0, 0, [])],
            0,
            reason
        );

    /// <summary>One English file at --to against its translation (<paramref name="target"/>, null when there is none),
    /// written at <paramref name="newTargetPath"/>.</summary>
    static PlannedFile? PlanFile(
        SyncOptions o,
        GitCli src,
        IReadOnlyDictionary<string, string> stateFiles,
        Book translation,
        BookMemory memory,
        Lazy<Dictionary<string, string>> laterBlobs,
        string englishPath,
        EnglishFile english,
        string? target,
        string newTargetPath,
        string kind,
        string? note,
        BaseFinder finder,
        string? rangeBefore = null,
        string? oldEnglishPath = null
    )
    {
        DiscoveredBase? discovered = null;
        if (
            target != null
            && target == newTargetPath
            && stateFiles.TryGetValue(target, out var synced)
            && synced == english.Blob
        )
            return null;
        string baseText;
        if (target == null)
            baseText = ""; // new: everything is new
        else if (translation.Files.TryGetValue(Book.OriginPathOf(target), out var origin))
        {
            // A range older than the English the translation was made from would revert human text.
            if (origin != english.Text && laterBlobs.Value.TryGetValue(BlobId(origin), out var later))
            {
                var why =
                    "the range's English is older than the English this translation already follows "
                    + $"({Book.OriginPathOf(target)} is the English of {later[..10]}, later than --to): "
                    + "nothing of it is applied, since it would revert the translation; sync a range ending at or "
                    + $"after {later[..10]}";
                return new PlannedFile(
                    Review(englishPath, target, why) with
                    {
                        Status = "refused",
                    },
                    null,
                    null,
                    null,
                    null,
                    null
                );
            }
            baseText = origin;
        }
        else if (stateFiles.TryGetValue(target, out var blob) && TryReadBlob(src, blob) is { } recorded)
            baseText = recorded;
        else
        {
            // No record of the English it follows: found from the content, or the range goes to review.
            var (found, evidence, why) = finder.Find(
                [englishPath, .. oldEnglishPath is { } p ? [p] : Array.Empty<string>(), target],
                target,
                translation.Files[target]
            );
            if (found == null)
            {
                var review = new FileReport(
                    englishPath,
                    target,
                    "review",
                    BaseFinder.EnglishDiff(rangeBefore, english.Lf, englishPath, why!),
                    0,
                    why
                );
                return new PlannedFile(review, null, null, null, null, null) { Discovered = evidence };
            }
            discovered = evidence;
            note = (note == null ? "" : note + "; ") + "base discovered: " + evidence;
            if (found.Blob == english.Blob)
            {
                // Strictly better evidence for the new English than for every older revision: nothing to carry.
                var kept = new PlannedChange(
                    ChangeKind.Kept,
                    "no _origin.md or recorded sync, and the translation already follows the new English: "
                        + "nothing to carry ("
                        + evidence
                        + ")",
                    null,
                    null,
                    [],
                    false
                );
                var movedAway = target != newTargetPath ? target : null;
                return new PlannedFile(
                    new FileReport(englishPath, newTargetPath, kind, [], 0, note) { MovedFrom = movedAway },
                    new FilePlan(newTargetPath, translation.Files[target], [], [kept], [], []),
                    english.Text,
                    english.Blob,
                    null,
                    movedAway
                )
                {
                    Discovered = evidence,
                };
            }
            baseText = found.Text;
        }
        if (target != null && baseText != english.Text && LineEndings.ToLf(baseText) == english.Lf)
        {
            // Only line endings changed: nothing for a reader, nothing to carry; the new English is recorded.
            var from = target != newTargetPath ? target : null;
            var only = LineEndingsOnly(english.Text);
            var unchanged = new FilePlan(newTargetPath, translation.Files[target], [], [only], [], [])
            {
                Evidence = [new ChangeEvidence(null, null, default)],
            };
            var report = new FileReport(englishPath, newTargetPath, kind, [], english.Text.Length, note)
            {
                MovedFrom = from,
            };
            return new PlannedFile(report, unchanged, english.Text, english.Blob, null, from)
            {
                Discovered = discovered,
            };
        }
        baseText = LineEndings.ToLf(baseText);
        var targetText = target == null ? "" : translation.Files[target];
        var planner = new FilePlanner(o.Language, o.Rules, LengthFor(baseText, targetText)) { Known = memory };
        var plan = planner.Plan(
            newTargetPath,
            MarkdownDocument.Parse(baseText, target == null ? englishPath : Book.OriginPathOf(target)),
            MarkdownDocument.Parse(english.Lf, englishPath),
            MarkdownDocument.Parse(targetText, target ?? newTargetPath)
        );
        var movedFrom = target != null && target != newTargetPath ? target : null;
        return new PlannedFile(
            new FileReport(englishPath, newTargetPath, kind, [], english.Text.Length, note) { MovedFrom = movedFrom },
            plan,
            english.Text,
            english.Blob,
            null,
            movedFrom
        )
        {
            BaseEnglish = baseText,
            Discovered = discovered,
        };
    }

    static PlannedChange LineEndingsOnly(string english)
    {
        var (crlf, lf) = LineEndings.Count(english);
        var reason = $"cosmetic: only line endings changed in English (now {crlf} CRLF, {lf} LF); nothing carried";
        return new PlannedChange(ChangeKind.Kept, reason, null, null, [], false);
    }

    static LengthModel LengthFor(string english, string target)
    {
        int e = english.Count(c => !char.IsWhiteSpace(c)),
            t = target.Count(c => !char.IsWhiteSpace(c));
        return e > 0 && t > 0 ? new LengthModel((double)t / e, 0.6, 2.0) : LengthModel.Neutral;
    }

    /// <summary>The English each synced file without an <c>_origin.md</c> follows, by the state (path → text); what
    /// the source no longer has is left out.</summary>
    static Dictionary<string, string> RecordedEnglish(
        GitCli git,
        IReadOnlyDictionary<string, string> stateFiles,
        Book translation
    )
    {
        var wanted = stateFiles
            .Where(f =>
                translation.Files.ContainsKey(f.Key) && !translation.Files.ContainsKey(Book.OriginPathOf(f.Key))
            )
            .ToList();
        if (wanted.Count == 0)
            return [];
        Dictionary<string, byte[]> blobs;
        try
        {
            blobs = git.ReadBlobs(wanted.Select(f => f.Value).Distinct().ToList());
        }
        catch (GitException)
        {
            return [];
        } // a recorded blob gone from the source: no memory from the records
        return wanted
            .Where(f => blobs.ContainsKey(f.Value))
            .ToDictionary(f => f.Key, f => System.Text.Encoding.UTF8.GetString(blobs[f.Value]), StringComparer.Ordinal);
    }

    static string? TryReadBlob(GitCli git, string blob) =>
        git.TryRun(out var text, "cat-file", "blob", blob) == 0 ? text : null;

    /// <summary>The Markdown files of an English commit; a file that is not UTF-8 is left out (its own plan refuses
    /// it).</summary>
    static Dictionary<string, EnglishFile> ReadTree(GitCli git, string commit, HashSet<string>? notText = null)
    {
        var entries = git.Run("ls-tree", "-r", "-z", commit)
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(e =>
            {
                int tab = e.IndexOf('\t');
                var meta = e[..tab].Split(' ');
                return (Type: meta[1], Id: meta[2], Path: e[(tab + 1)..]);
            })
            .Where(e => e.Type == "blob" && e.Path.EndsWith(".md", StringComparison.Ordinal))
            .ToList();
        var blobs = git.ReadBlobs(entries.Select(e => e.Id).Distinct().ToList());
        var files = new Dictionary<string, EnglishFile>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            try
            {
                files[e.Path] = new EnglishFile(SourceText.Decode(blobs[e.Id], $"{commit}:{e.Path}"), e.Id);
            }
            catch (MarkdownInputException)
            {
                notText?.Add(e.Path);
            }
        }
        return files;
    }

    /// <summary>Blob id → commit of every Markdown blob that commits after <paramref name="to"/> introduced.</summary>
    static Dictionary<string, string> BlobsAfter(GitCli git, string to)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        string commit = "";
        foreach (
            var line in git.Run(
                    "log",
                    "--all",
                    "--not",
                    to,
                    "--raw",
                    "--no-abbrev",
                    "--no-renames",
                    "--format=commit %H",
                    "--",
                    "*.md"
                )
                .Split('\n')
        )
        {
            if (line.StartsWith("commit ", StringComparison.Ordinal))
                commit = line[7..].Trim();
            else if (line.StartsWith(':'))
            {
                var fields = line.Split(' ', '\t');
                if (fields.Length > 3)
                    result.TryAdd(fields[3], commit);
            }
        }
        return result;
    }

    static string BlobId(string text)
    {
        var bytes = SourceText.Encode(text);
        var header = Encoding.ASCII.GetBytes($"blob {bytes.Length}\0");
#pragma warning disable CA5350 // git's object id is SHA-1 by definition; this names a blob, it protects nothing
        return Convert.ToHexStringLower(SHA1.HashData([.. header, .. bytes]));
#pragma warning restore CA5350
    }
}
