using Amts.Bot.Alignment;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;
using Amts.Bot.Translation;

namespace Amts.Bot.Sync.Run;

/// <summary>One file of <see cref="SyncPlanner"/>: its plan, the self-test that sends an unsafe plan to review, the
/// tocs that follow the English, the book's files.</summary>
internal static partial class SyncPlanner
{
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
        var report = file.Report with { Status = FileStatus.Review, Note = reason };
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
            var before =
                index >= 0 ? files[index].Report : new FileReport(path, path, FileStatus.Modified, [], 0, null);
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
            FileStatus.Review,
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
        FileStatus kind,
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
                        Status = FileStatus.Refused,
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
                    FileStatus.Review,
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
}
