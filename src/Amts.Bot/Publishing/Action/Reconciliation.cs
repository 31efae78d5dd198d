using System.Text;
using Amts.Bot.Alignment;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;
using Amts.Bot.Sync;

namespace Amts.Bot.Publishing.Action;

/// <summary>One translated file the reconciliation compares with its own recorded English, and why.</summary>
internal sealed record ReconciledFile(string Path, string Why);

/// <summary>What a reconciliation syncs from: <see cref="Base"/> (a commit in the English repository, made only to
/// diff against), the English commit the other files still follow (<see cref="ForkPoint"/>), the files compared with
/// their own English, and the files put back from the base branch before the sync.</summary>
internal sealed record ReconcilePlan(
    string Base,
    string? ForkPoint,
    IReadOnlyList<ReconciledFile> Files,
    IReadOnlyList<string> Restored
)
{
    /// <summary>What the pull request's body says about this reconciliation (kept in the sync's report, so it is said
    /// for as long as the pull request lives). Paths are Markdown-safe code spans.</summary>
    public string Note(string pushed)
    {
        static string Short(string s) => s.Length > 7 ? s[..7] : s;
        if (ForkPoint == null)
            return $"Reconciled with the English at {UntrustedMarkdown.Code(Short(pushed))}: no English commit the "
                + "translation "
                + "follows is in the history (no sync state, or a lost one), so each translated file's `_origin.md` "
                + "was compared "
                + "with the English.";
        var sb = new StringBuilder(
            $"Reconciled after the English history was rewritten: {Files.Count} file(s) recorded English that is no "
        );
        sb.Append(
            "longer in the history, and each was compared with the English at "
                + $"{UntrustedMarkdown.Code(Short(pushed))} from its own "
        );
        sb.Append(
            $"record; every other file still follows {UntrustedMarkdown.Code(Short(ForkPoint))} and keeps its state."
        );
        foreach (var f in Files.Take(MaxListed))
            sb.Append($" {UntrustedMarkdown.Code(f.Path)}: {f.Why}.");
        if (Files.Count > MaxListed)
            sb.Append($" … and {Files.Count - MaxListed} more (report.json lists them all).");
        if (Restored.Count > 0)
            sb.Append(
                " Put back from the base branch (the removed commits had taken them away): "
                    + $"{string.Join(", ", Restored.Select(UntrustedMarkdown.Code))}."
            );
        return sb.ToString();
    }

    /// <summary>How many reconciled files the note names (a rewrite of the whole book would otherwise fill the body;
    /// the report keeps every one).</summary>
    const int MaxListed = 30;
}

/// <summary>
/// The reconciliation after a force-push (or a lost state). The English the translation follows is no longer a
/// commit of the history, so a base is built to diff against: the newest English commit the branch is known to
/// follow that is still in the history (the <i>fork point</i>: a sync report's end or start, else the base branch's
/// state), with every translated file whose recorded English (its <c>_origin.md</c>, else the state's blob) is not in
/// the English history at its path replaced by that record. Every path is planned against the translation's branch,
/// renames and removals included: a translated file the removed commits moved or deleted (absent on the branch, present
/// on the base branch) is either the target of a reconciled file's move (the sync moves it back) or put back from the
/// base branch. The other files keep their state: a file older than any synced range is not a catch-up.
/// Without a fork point (no state and no report in the history) each <c>_origin.md</c> is compared, as before.
/// </summary>
internal static class Reconciliation
{
    public static ReconcilePlan Plan(
        GitCli english,
        GitCli target,
        string baseRef,
        SyncState? state,
        IReadOnlyList<SyncReport> branchReports,
        string pushed
    )
    {
        var fork = ForkPoint(english, target, baseRef, state, branchReports, pushed);
        if (fork == null)
            return new ReconcilePlan(EnglishRange.ReconcileBase(english, target.WorkTree, state, pushed), null, [], []);

        var records = Records(english, target.WorkTree, state);
        var forkTree = Tree(english, fork);
        // Only what the branch changed can carry English that left the history, while the base branch's own record is
        // in the history (else every file is a candidate).
        var changed = BaseRecordInHistory(english, target, baseRef, pushed)
            ? ChangedOnBranch(target, baseRef, state)
            : null;
        var candidates = records
            .Where(r => forkTree.GetValueOrDefault(r.Key) != r.Value && (changed == null || changed.Contains(r.Key)))
            .Select(r => r.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
        var known = Blobs(english, fork, candidates);
        var ahead = Blobs(english, $"{fork}..{pushed}", candidates);
        var entries = new Dictionary<string, string?>(StringComparer.Ordinal);
        var reconciled = new List<ReconciledFile>();
        foreach (var path in candidates)
        {
            var blob = records[path];
            if (ahead.Contains((path, blob)))
                entries[path] = blob; // follows newer English (a merged series): diff from there
            else if (known.Contains((path, blob)))
                continue; // older English in the history: the file keeps its state
            else
            {
                entries[path] = blob;
                reconciled.Add(
                    new ReconciledFile(
                        path,
                        forkTree.ContainsKey(path)
                            ? "its recorded English is in no commit of the history"
                            : "the English has no such file in the history (a removed commit had added or moved it "
                                + "there)"
                    )
                );
            }
        }
        // Translated on the base branch, absent on the branch: the removed commits moved or deleted it.
        var taken = forkTree
            .Keys.Where(p =>
                p.EndsWith(".md", StringComparison.Ordinal)
                && !Book.IsOriginFile(p)
                && !File.Exists(Path.Combine(target.WorkTree, p))
                && target.TryRun(out _, "cat-file", "-e", $"{baseRef}:{p}") == 0
            )
            .ToList();
        foreach (var p in taken)
            entries[p] = null;
        var movedBack = taken.Count == 0 ? [] : RenameTargets(english, Commit(english, fork, entries, pushed), pushed);
        var restored = taken.Where(p => !movedBack.Contains(p)).ToList();
        if (restored.Count > 0)
        {
            Restore(target, baseRef, restored);
            foreach (var p in restored)
                entries[p] =
                    target.TryRun(out var origin, "rev-parse", $"{baseRef}:{Book.OriginPathOf(p)}") == 0
                    && english.TryRun(out _, "cat-file", "-e", origin.Trim() + "^{blob}") == 0
                        ? origin.Trim()
                        : forkTree[p];
        }
        return new ReconcilePlan(Commit(english, fork, entries, pushed), fork, reconciled, restored);
    }

    /// <summary>
    /// The sync reports of the branch without what the removed commits did: a report whose end is no longer in the
    /// English history keeps only the files the branch still carries over the base (a file moved back or put back is
    /// no row of the body any more).
    /// </summary>
    public static List<SyncReport> WithoutRemovedHistory(
        GitCli english,
        GitCli git,
        string baseRef,
        IReadOnlyList<SyncReport> reports
    )
    {
        bool Gone(SyncReport r) => IsSha(r.To) && english.TryRun(out _, "cat-file", "-e", r.To + "^{commit}") != 0;
        if (!reports.Any(Gone))
            return [.. reports];
        var carried = git.Run(
                "-c",
                "core.quotePath=false",
                "diff",
                "--name-only",
                "--no-renames",
                baseRef,
                "HEAD",
                "--"
            )
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .ToHashSet(StringComparer.Ordinal);
        return reports
            .Select(r =>
                Gone(r)
                    ? r with
                    {
                        Files = r.Files.Where(f => carried.Contains(f.TargetPath ?? f.SourcePath)).ToList(),
                    }
                    : r
            )
            .ToList();
    }

    /// <summary>The newest English commit the branch follows that is still in the history and not after the pushed
    /// one: the reports' ends and starts (newest first), then the base branch's recorded commit.</summary>
    static string? ForkPoint(
        GitCli english,
        GitCli target,
        string baseRef,
        SyncState? state,
        IReadOnlyList<SyncReport> reports,
        string pushed
    )
    {
        var candidates = reports.Reverse().SelectMany(r => new[] { r.To, r.From }).ToList();
        if (state != null)
            candidates.Add(state.SourceCommit);
        if (
            target.TryRun(out var baseState, "show", $"{baseRef}:{SyncState.RelativePath}") == 0
            && SyncState.Parse(baseState) is { } b
        )
            candidates.Add(b.SourceCommit);
        return candidates
            .Where(IsSha)
            .Distinct()
            .FirstOrDefault(c =>
                english.TryRun(out _, "cat-file", "-e", c + "^{commit}") == 0
                && english.TryRun(out _, "merge-base", "--is-ancestor", c, pushed) == 0
            );
    }

    /// <summary>Whether the base branch records an English commit that is still in the history (or records none: a
    /// translation that never merged a sync follows its own <c>_origin.md</c> files, which the branch has not
    /// touched).</summary>
    static bool BaseRecordInHistory(GitCli english, GitCli target, string baseRef, string pushed) =>
        target.TryRun(out var json, "show", $"{baseRef}:{SyncState.RelativePath}") != 0
        || SyncState.Parse(json) is not { } b
        || (
            english.TryRun(out _, "cat-file", "-e", b.SourceCommit + "^{commit}") == 0
            && english.TryRun(out _, "merge-base", "--is-ancestor", b.SourceCommit, pushed) == 0
        );

    /// <summary>The English paths of the translated files whose record the branch changed over the base: their
    /// <c>_origin.md</c>, or, for a file without one, its blob in the state (a toc entry the sync followed does not
    /// change the record; a file the output check held keeps its <c>_origin.md</c>, which is what it
    /// follows).</summary>
    static HashSet<string> ChangedOnBranch(GitCli target, string baseRef, SyncState? state)
    {
        var changed = target
            .Run("-c", "core.quotePath=false", "diff", "--name-only", "--no-renames", baseRef, "HEAD", "--")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(Book.IsOriginFile)
            .Select(p => p[..^Book.OriginSuffix.Length] + ".md")
            .ToHashSet(StringComparer.Ordinal);
        var baseFiles =
            target.TryRun(out var json, "show", $"{baseRef}:{SyncState.RelativePath}") == 0
            && SyncState.Parse(json) is { } b
                ? b.Files
                : new Dictionary<string, string>();
        foreach (var (path, blob) in state?.Files ?? new Dictionary<string, string>())
            if (
                baseFiles.GetValueOrDefault(path) != blob
                && !File.Exists(Path.Combine(target.WorkTree, Book.OriginPathOf(path)))
            )
                changed.Add(path);
        return changed;
    }

    static bool IsSha(string s) => s.Length == 40 && s.All(Uri.IsHexDigit);

    /// <summary>Per translated file (English path), the English it records: its <c>_origin.md</c> (written into the
    /// English repository as a blob), else the state's blob where the English repository has it.</summary>
    static Dictionary<string, string> Records(GitCli english, string target, SyncState? state)
    {
        var records = new Dictionary<string, string>(StringComparer.Ordinal);
        var origins = Directory
            .EnumerateFiles(target, "*" + Book.OriginSuffix, SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(target, f).StartsWith(".git", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (origins.Count > 0)
        {
            var (code, ids, stderr) = english.Execute(
                ["hash-object", "-w", "--stdin-paths"],
                Encoding.UTF8.GetBytes(string.Join('\n', origins) + "\n")
            );
            if (code != 0)
                throw new GitException($"git hash-object of the _origin.md files of {target} failed: {stderr.Trim()}");
            var blobs = Encoding.ASCII.GetString(ids).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            for (int i = 0; i < origins.Count; i++)
                records[
                    Path.GetRelativePath(target, origins[i]).Replace('\\', '/')[..^Book.OriginSuffix.Length] + ".md"
                ] = blobs[i];
        }
        foreach (var (path, blob) in state?.Files ?? new Dictionary<string, string>())
            if (
                !records.ContainsKey(path)
                && File.Exists(Path.Combine(target, path))
                && english.TryRun(out _, "cat-file", "-e", blob + "^{blob}") == 0
            )
                records[path] = blob;
        return records;
    }

    static Dictionary<string, string> Tree(GitCli english, string commit) =>
        english.TreeBlobs(commit).ToDictionary(e => e.Path, e => e.Id, StringComparer.Ordinal);

    /// <summary>Every (path, blob) the paths had in the commits of a revision range.</summary>
    static HashSet<(string, string)> Blobs(GitCli english, string range, IReadOnlyList<string> paths)
    {
        var seen = new HashSet<(string, string)>();
        if (paths.Count == 0)
            return seen;
        var output = english.Run([
            "-c",
            "core.quotePath=false",
            "--literal-pathspecs",
            "log",
            "--format=",
            "--raw",
            "--no-abbrev",
            "--no-renames",
            range,
            "--",
            .. paths,
        ]);
        foreach (var line in output.Split('\n'))
        {
            if (!line.StartsWith(':'))
                continue;
            var tab = line.IndexOf('\t');
            var fields = line[1..tab].Split(' ');
            var path = line[(tab + 1)..];
            seen.Add((path, fields[2]));
            seen.Add((path, fields[3]));
        }
        return seen;
    }

    /// <summary>The fork point's tree with the entries replaced (a null blob removes the path), as a commit.</summary>
    static string Commit(GitCli english, string fork, IReadOnlyDictionary<string, string?> entries, string pushed) =>
        english.WithTemporaryIndex(git =>
        {
            git.Run("read-tree", fork);
            if (entries.Count > 0)
            {
                var info = string.Concat(
                    entries.Select(e =>
                        e.Value == null ? $"0 {new string('0', 40)}\t{e.Key}\n" : $"100644 blob {e.Value}\t{e.Key}\n"
                    )
                );
                var (code, _, stderr) = git.Execute(
                    ["update-index", "--add", "--remove", "--index-info"],
                    Encoding.UTF8.GetBytes(info)
                );
                if (code != 0)
                    throw new GitException($"git update-index in {english.WorkTree} failed: {stderr.Trim()}");
            }
            var tree = git.Run("write-tree").Trim();
            return git.Run(
                    "commit-tree",
                    tree,
                    "-m",
                    $"amts: the English the translation follows (reconciled against {pushed})"
                )
                .Trim();
        });

    /// <summary>The paths a move from the base to the pushed commit ends at (git's rename detection).</summary>
    static HashSet<string> RenameTargets(GitCli english, string from, string to) =>
        english
            .Run("-c", "core.quotePath=false", "diff", "-M", "--name-status", "--diff-filter=R", from, to, "--")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t'))
            .Where(f => f.Length == 3)
            .Select(f => f[2])
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Puts the base branch's files (and their <c>_origin.md</c>) back on the branch in one commit.</summary>
    static void Restore(GitCli target, string baseRef, IReadOnlyList<string> paths)
    {
        var all = paths
            .SelectMany(p => new[] { p, Book.OriginPathOf(p) })
            .Where(p => target.TryRun(out _, "cat-file", "-e", $"{baseRef}:{p}") == 0)
            .ToList();
        target.Run(["--literal-pathspecs", "checkout", baseRef, "--", .. all]);
        target
            .AsBot()
            .Run(
                "commit",
                "-q",
                "-m",
                "Put back the files that English commits removed by a force-push had moved or deleted"
            );
    }
}
