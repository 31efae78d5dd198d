using Amts.Bot.Alignment;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;
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
internal static partial class SyncPlanner
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
                            FileStatus.Missing,
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
                            FileStatus.Renamed,
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
                        FileStatus.Deleted,
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
                var report = new FileReport(path, target, FileStatus.Modified, [only], 0, null);
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
                            FileStatus.Missing,
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
                        target == null ? FileStatus.Added : FileStatus.Modified,
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
                            FileStatus.Added,
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
}
