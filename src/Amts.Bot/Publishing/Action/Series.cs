using System.Text;
using System.Text.RegularExpressions;
using Amts.Bot.Alignment;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;
using Amts.Bot.Sync;

namespace Amts.Bot.Publishing.Action;

/// <summary>One pull request of a series: a chapter folder (or the book's root files), its branch, and the paths it
/// carries.</summary>
internal sealed record SeriesUnit(string Name, string Branch, IReadOnlyList<string> Paths)
{
    /// <summary>The syncs' reports restricted to this chapter (what its pull request describes).</summary>
    public IReadOnlyList<SyncReport> Reports { get; init; } = [];

    /// <summary>The newest sync left this chapter items for review.</summary>
    public bool HasItems { get; init; }

    /// <summary>Every path the chapter carries is an English record (<c>_origin.md</c>): the English changed in a way
    /// its translation already follows, and no translation file changed. Like the state of a cumulative sync, such a
    /// record moves with the chapter's next real change (case S6), never in a pull request of its own.</summary>
    public bool OnlyRecords => Paths.Count > 0 && Paths.All(Book.IsOriginFile);
}

/// <summary>How one chapter's branch was brought up to date.</summary>
internal sealed record UnitBranch(
    BranchStart Start,
    string Sha,
    bool Moved,
    IReadOnlyList<string> TranslatorKept,
    IReadOnlyList<string> Notes
);

/// <summary>
/// A catch-up too large to review as one pull request is published as a <b>series</b>: one pull request per chapter
/// folder (<c>amts/sync-LANG/CHAPTER</c>), each independent and mergeable in any order, and a tracking issue listing
/// them. The sync itself still runs once per run (one engine call), on a <b>workspace</b>: the cumulative sync branch,
/// kept under <c>refs/amts/series/LANG</c> (not a branch: nobody opens a pull request from it, and
/// <c>refs/heads/amts/sync-LANG</c> cannot exist beside <c>refs/heads/amts/sync-LANG/CHAPTER</c>). Each chapter's
/// branch is a <b>projection</b> of the workspace: the base's tree with that chapter's paths as the workspace has them.
///
/// - S1: no open sync PR, no workspace, the new sync needs more review items than the language's
///   <c>series_threshold</c> → the sync commit becomes the workspace; one projection per chapter
/// - S2: a workspace exists (a series is under way) → the workspace is carried (the base merged into it, as a carried
///   sync branch), the sync runs on it, each chapter is projected again
/// - S3: a chapter's pull request is open → its branch is carried: the base is merged into it, then the new projection
///   (whose parent is the previous one) is merged, so the translators' commits on it are kept; where they and the bot
///   touched the same lines, theirs are kept and listed for review
/// - S4: a chapter has no open pull request (new, merged earlier and changed again, or closed unmerged) → a fresh
///   branch from the base, pushed with a lease on the tip seen; a closed-unmerged one is said in the body
/// - S5: the workspace carries nothing over the base any more and no chapter is open → the series is complete: the
///   workspace ref is deleted, the tracking issue closed
/// - S6: a chapter has no open pull request and its sync changes no translation file (only items for review, or only
///   its English records, <c>_origin.md</c>) → no pull request: its items are listed in the tracking issue, and its
///   records wait in the workspace for the chapter's next pull request (they do not keep the series from completing;
///   once it is complete, the next sync of those files moves them)
///
/// Which paths go together: a path belongs to its first folder (root files to <see cref="RootUnit"/>); an
/// <c>_origin.md</c> with its translation; the old path of a translation the sync moved goes with the new path, so
/// no pull request deletes human text whose new home is in another one. Each chapter records what English its files
/// follow in its own file (<see cref="SyncState.FragmentPath"/>), never in the shared state file, so two chapters'
/// pull requests never touch the same file; the next sync that writes the state folds those records in. A toc
/// entry for a chapter added by another pull request names a file only once that one is merged too.
/// </summary>
internal static partial class Series
{
    public const string RootUnit = "_root";

    /// <summary>The trailer that marks a projection commit (the parent of the next projection of the same
    /// chapter).</summary>
    public const string UnitTrailer = "Amts-Series-Unit";

    /// <summary>The hidden marker of the tracking issue.</summary>
    public static string IssueMarker(string language) => $"<!-- amts:series {language} -->";

    public static string WorkspaceRef(string language) => $"refs/amts/series/{language}";

    /// <summary>The workspace's local branch in the action's clone (not <c>amts/sync-LANG</c>, which would block the
    /// chapters' names).</summary>
    public static string WorkspaceBranch(string language) => $"amts/series-{language}";

    [GeneratedRegex(@"[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeInRef();

    public static string UnitOf(string path) =>
        path.Contains('/') ? UnsafeInRef().Replace(path[..path.IndexOf('/')], "-").TrimStart('.') : RootUnit;

    /// <summary>
    /// The chapters of the series: every chapter with a path the workspace (HEAD) carries over the base, and every
    /// chapter where the newest sync left an item for review (a file held unchanged still needs its reviewer). Each
    /// unit's reports keep the files of its paths (from every sync the workspace carries) and, from the newest sync,
    /// the files of its chapter.
    /// </summary>
    public static IReadOnlyList<SeriesUnit> Units(
        GitCli git,
        string baseRef,
        string syncBranch,
        IReadOnlyList<SyncReport> reports
    )
    {
        var changed = git.Run("diff", "--name-only", "--no-renames", baseRef, "HEAD", "--")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith(".amts/", StringComparison.Ordinal))
            .ToList();
        var movedTo = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in reports.SelectMany(r => r.Files).Where(f => f.MovedFrom != null && f.TargetPath != null))
            movedTo[f.MovedFrom!] = f.TargetPath!;
        string Home(string path)
        {
            var md = Book.IsOriginFile(path) ? path[..^Book.OriginSuffix.Length] + ".md" : path;
            for (int hop = 0; hop < 16 && movedTo.TryGetValue(md, out var to) && to != md; hop++)
                md = to; // a → b → c over several syncs
            return UnitOf(md);
        }
        bool HasItems(FileReport f) =>
            f.Status.IsItem() || f.Status.KeptForReview() || f.Changes.Any(c => c.NeedsReview);
        var names = changed
            .Select(Home)
            .Concat(
                reports.Count == 0
                    ? []
                    : reports[^1].Files.Where(HasItems).Select(f => Home(f.TargetPath ?? f.SourcePath))
            )
            .Distinct()
            .Order(StringComparer.Ordinal);
        var units = new List<SeriesUnit>();
        foreach (var name in names)
        {
            var paths = changed.Where(p => Home(p) == name).Order(StringComparer.Ordinal).ToList();
            var set = paths.ToHashSet(StringComparer.Ordinal);
            bool Mine(FileReport f, bool newest) =>
                set.Contains(f.TargetPath ?? f.SourcePath)
                || (f.MovedFrom != null && set.Contains(f.MovedFrom))
                || (newest && Home(f.TargetPath ?? f.SourcePath) == name);
            var own = reports
                .Select((r, i) => r with { Files = r.Files.Where(f => Mine(f, i == reports.Count - 1)).ToList() })
                .ToList();
            units.Add(
                new SeriesUnit(name, $"{syncBranch}/{name}", paths)
                {
                    Reports = own,
                    HasItems = own.Count > 0 && own[^1].Files.Any(HasItems),
                }
            );
        }
        return units;
    }

    /// <summary>
    /// The commit carrying one chapter: the base's tree, the chapter's paths as the workspace has them (a path the
    /// workspace lacks is removed) and the chapter's record of the English its files follow.
    /// </summary>
    public static string Project(
        GitCli git,
        string baseRef,
        string workspace,
        SeriesUnit unit,
        SyncState? workspaceState,
        string parent,
        string message
    )
    {
        return git.WithTemporaryIndex(g =>
        {
            g.Run("read-tree", baseRef);
            var info = new StringBuilder();
            foreach (var path in unit.Paths)
            {
                var entry = g.Run("ls-tree", workspace, "--", path).Trim();
                info.Append(entry.Length > 0 ? entry : $"0 {new string('0', 40)}\t{path}").Append('\n');
            }
            if (workspaceState != null)
            {
                var mine = unit.Paths.ToHashSet(StringComparer.Ordinal);
                var record = new SyncState(
                    workspaceState.SourceCommit,
                    workspaceState
                        .Files.Where(f => mine.Contains(f.Key))
                        .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal)
                );
                var (code, blob, stderr) = g.Execute(
                    ["hash-object", "-w", "--stdin"],
                    Encoding.UTF8.GetBytes(record.ToJson())
                );
                if (code != 0)
                    throw new GitException($"git hash-object of {unit.Name}'s record failed: {stderr.Trim()}");
                info.Append(
                    $"100644 blob {Encoding.ASCII.GetString(blob).Trim()}\t{SyncState.FragmentPath(unit.Name)}\n"
                );
            }
            var (rc, _, err) = g.Execute(
                ["update-index", "--add", "--remove", "--index-info"],
                Encoding.UTF8.GetBytes(info.ToString())
            );
            if (rc != 0)
                throw new GitException($"git update-index for {unit.Name} failed: {err.Trim()}");
            var tree = g.Run("write-tree").Trim();
            return g.Run("commit-tree", tree, "-p", parent, "-m", message + $"\n\n{UnitTrailer}: {unit.Name}").Trim();
        });
    }

    /// <summary>Case S5: no chapter is open and the workspace carries no path over the base any more (but English
    /// records waiting for their chapter's next change, case S6). Returns the workspace's tip when complete (to delete
    /// it with a lease), else null.</summary>
    public static string? CompleteWorkspace(GitCli git, string baseBranch, string language)
    {
        var local = "refs/remotes/origin/" + WorkspaceBranch(language);
        if (git.TryRun(out _, "fetch", "-q", "origin", $"+{WorkspaceRef(language)}:{local}") != 0)
            return null;
        var carried = git.Run("diff", "--name-only", "--no-renames", "origin/" + baseBranch, local, "--")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Any(p => !p.StartsWith(".amts/", StringComparison.Ordinal) && !Book.IsOriginFile(p));
        return carried ? null : git.Run("rev-parse", local).Trim();
    }

    /// <summary>The newest projection commit of a chapter in a branch's history, if any.</summary>
    public static string? LastProjection(GitCli git, string tip, string unit) =>
        git.TryRun(out var sha, "log", "-1", "--format=%H", "--grep", $"^{UnitTrailer}: {Regex.Escape(unit)}$", tip)
            == 0
        && sha.Trim().Length == 40
            ? sha.Trim()
            : null;

    /// <summary>
    /// Brings one chapter's branch up to date in the clone (cases S3 and S4) and leaves it checked out.
    /// </summary>
    public static UnitBranch Update(
        GitCli git,
        SeriesUnit unit,
        string baseBranch,
        bool pullIsOpen,
        string workspace,
        SyncState? workspaceState,
        string message
    )
    {
        var baseRef = "origin/" + baseBranch;
        var start = SyncBranch.Prepare(git, unit.Branch, baseBranch, pullIsOpen);
        if (!start.Carried)
        {
            var fresh = Project(git, baseRef, workspace, unit, workspaceState, baseRef, message);
            git.Run("checkout", "-q", "-B", unit.Branch, fresh);
            return new UnitBranch(start, fresh, true, [], start.Notes);
        }
        var previous = LastProjection(git, "HEAD", unit.Name);
        var projection = Project(git, baseRef, workspace, unit, workspaceState, previous ?? baseRef, message);
        var kept = new List<string>(start.TranslatorKept);
        if (
            previous == null
            || git.Run("rev-parse", projection + "^{tree}").Trim() != git.Run("rev-parse", previous + "^{tree}").Trim()
        )
        {
            git.AsBot();
            var (code, _, _) = git.Execute(
                ["merge", "-q", "--no-edit", "-m", $"{message} (merged into the open pull request)", projection],
                null
            );
            if (code != 0)
            {
                git.TryRun(out var conflicted, "diff", "--name-only", "--diff-filter=U");
                kept.AddRange(
                    conflicted.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(p => !kept.Contains(p))
                );
                git.TryRun(out _, "merge", "--abort");
                var (again, _, stderr) = git.Execute(
                    [
                        "merge",
                        "-q",
                        "--no-edit",
                        "-X",
                        "ours",
                        "-m",
                        message + " (translators' lines kept where both changed)",
                        projection,
                    ],
                    null
                );
                if (again != 0)
                {
                    git.TryRun(out _, "merge", "--abort");
                    throw new GitException(
                        $"the new sync of {unit.Name} could not be merged into {unit.Branch} even keeping the "
                            + $"translators' lines: {stderr.Trim()}",
                        Errors.ErrorKind.UserInput,
                        $"merge the base into {unit.Branch} by hand, push, and re-run"
                    );
                }
            }
        }
        var tip = git.Run("rev-parse", "HEAD").Trim();
        var notes = new List<string>(start.Notes);
        if (kept.Count > start.TranslatorKept.Count)
            notes.Add(
                $"Commits pushed to `{unit.Branch}` are kept; where they and the new sync touched the same lines, "
                    + $"the translators' lines were kept ({kept.Count - start.TranslatorKept.Count} file(s), listed "
                    + "for review)."
            );
        return new UnitBranch(start, tip, tip != start.RemoteSha, kept, notes);
    }

    /// <summary>Deletes the remote branches the predicate picks, each with a lease on the tip seen (nothing pushed
    /// meanwhile is lost): the cumulative branch and the chapters' branches cannot exist together.</summary>
    public static void DeleteBranches(GitCli git, Func<string, bool> pick)
    {
        if (git.TryRun(out var listing, "ls-remote", "--heads", "origin") != 0)
            return;
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            if (fields.Length != 2 || !pick(fields[1]["refs/heads/".Length..]))
                continue;
            GitFailures.Run(
                git,
                "push",
                "-q",
                $"--force-with-lease={fields[1]}:{fields[0]}",
                "origin",
                ":" + fields[1]
            );
        }
    }

    /// <summary>The tracking issue: the series' range, a task list of its pull requests and the items of the chapters
    /// without one (<see cref="SeriesTracking.ItemsSection"/>).</summary>
    public static string IssueBody(
        string language,
        string range,
        IReadOnlyList<(SeriesUnit Unit, int? Number, string State, int Changes, int Review)> rows,
        string? reportHint,
        string itemsSection = ""
    )
    {
        var sb = new StringBuilder(IssueMarker(language)).Append('\n');
        sb.Append(
            $"The sync of {UntrustedMarkdown.Code(language)} with {range} is too large to review as one pull "
                + "request; it is published as one pull request per chapter. "
        );
        sb.Append(
            "Each is independent: merge them in any order (a toc entry for a chapter another pull request adds names "
                + "a file once that one is merged too). "
        );
        sb.Append("Later pushes update the open ones; this list is recomputed on every run.\n\n");
        foreach (var (unit, number, state, changes, review) in rows)
            sb.Append(
                $"- [{(state == "merged" ? "x" : " ")}] {UntrustedMarkdown.Code(unit.Name)}: "
                    + $"{(number is { } n ? $"#{n}" : "(not opened)")} ({changes} change(s), {review} to "
                    + $"review){(state is "merged" or "open" ? "" : ", " + state)}\n"
            );
        if (itemsSection.Length > 0)
            sb.Append('\n').Append(itemsSection);
        if (reportHint != null)
            sb.Append('\n').Append(reportHint).Append('\n');
        return sb.ToString();
    }
}
