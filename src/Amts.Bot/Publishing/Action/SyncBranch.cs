using Amts.Bot.Errors;
using Amts.Bot.Infrastructure;
using Amts.Bot.Sync;

namespace Amts.Bot.Publishing.Action;

/// <summary>What the branch algorithm found and did before the sync.</summary>
internal sealed record BranchStart(
    string Branch,
    string BaseBranch,
    bool Carried,
    string? RemoteSha,
    string StartSha,
    IReadOnlyList<string> TranslatorKept,
    IReadOnlyList<string> Notes
)
{
    /// <summary>Where the branch lives on the remote: <c>refs/heads/BRANCH</c>, or a series' workspace ref.</summary>
    public string RemoteRef { get; init; } = "refs/heads/" + Branch;
}

/// <summary>
/// The sync branch <c>amts/sync-LANG</c> of a translation, after peter-evans/create-pull-request's
/// create-or-update-branch, with every case written down:
///
/// - 1: remote sync branch absent, sync PR none → the branch starts at the base branch
/// - 2: remote sync branch present, sync PR open → **carried**: the branch is checked out as pushed (the bot's earlier
///   syncs and any human commits pushed to it are kept), then the base is **merged** into it
/// - 3: remote sync branch present, sync PR none (merged or closed) → the branch starts again at the base; the old tip
///   is replaced with `--force-with-lease` on the tip seen, so nothing pushed meanwhile is lost. A PR closed unmerged:
///   the base's state did not move, so its range is synced again and the body says so
/// - 4: remote sync branch absent, sync PR open (branch deleted) → as case 1; the push recreates the branch under the
///   open PR
///
/// Why merge and not rebase (case 2): translators merge their own PRs into the base while the sync PR is open, and
/// may push commits to the sync branch; a rebase would rewrite those commits (and the reviewers' comments on them)
/// and need a force-push; a merge keeps every commit, pushes fast-forward, and a squash-merge of the PR still gives
/// one commit on the base. Where the translator's new edit on the base and the bot's change on the branch touch the
/// same lines, the merge keeps the **translator's** lines (<c>-X theirs</c>, the base's side) and the file is listed
/// for review; the sync that follows plans against the translation as it now is. The bot's state file keeps the
/// branch's side (it records what the branch carries).
///
/// After the sync:
///
/// - A: no new commit and nothing merged → nothing pushed
/// - B: the new commit changes only the state file and no PR is open → nothing pushed, no PR (the state moves with the
///   next real change)
/// - C: carried branch moved → plain push (fast-forward)
/// - D: fresh branch → push with `--force-with-lease=BRANCH:SEEN` (SEEN empty when absent)
/// </summary>
internal static class SyncBranch
{
    /// <summary>Checks out the sync branch in a clone of the base (cases 1–4) and brings the base into a carried
    /// branch.</summary>
    /// <param name="remoteRef">Where the branch lives on the remote when it is not <c>refs/heads/BRANCH</c> (a series'
    /// workspace).</param>
    public static BranchStart Prepare(
        GitCli git,
        string branch,
        string baseBranch,
        bool pullIsOpen,
        string? remoteRef = null
    )
    {
        remoteRef ??= "refs/heads/" + branch;
        var notes = new List<string>();
        string? remoteSha =
            git.TryRun(out var ls, "ls-remote", "origin", remoteRef) == 0
                ? ls.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                    .Select(l => l.Split('\t'))
                    .FirstOrDefault(f => f.Length == 2 && f[1] == remoteRef)
                    ?[0]
                : null;
        if (remoteSha == null || !pullIsOpen)
        {
            git.Run("checkout", "-q", "-B", branch, "origin/" + baseBranch);
            if (remoteSha != null && remoteRef.StartsWith("refs/heads/", StringComparison.Ordinal))
                notes.Add(
                    $"The earlier `{branch}` (no open pull request) is replaced by a branch from `{baseBranch}`."
                );
            return new BranchStart(branch, baseBranch, false, remoteSha, git.Run("rev-parse", "HEAD").Trim(), [], notes)
            {
                RemoteRef = remoteRef,
            };
        }
        git.Run("fetch", "-q", "origin", $"+{remoteRef}:refs/remotes/origin/{branch}");
        git.Run("checkout", "-q", "-B", branch, "origin/" + branch);
        var start = git.Run("rev-parse", "HEAD").Trim();
        var kept = new List<string>();
        if (git.TryRun(out _, "merge-base", "--is-ancestor", "origin/" + baseBranch, "HEAD") != 0)
        {
            var stateBefore = File.Exists(Path.Combine(git.WorkTree, SyncState.RelativePath))
                ? File.ReadAllText(Path.Combine(git.WorkTree, SyncState.RelativePath))
                : null;
            git.AsBot();
            var message = $"Merge {baseBranch} into {branch}";
            var (code, _, _) = git.Execute(["merge", "-q", "--no-edit", "-m", message, "origin/" + baseBranch], null);
            if (code != 0)
            {
                git.TryRun(out var conflicted, "diff", "--name-only", "--diff-filter=U");
                kept.AddRange(
                    conflicted
                        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                        .Where(p => p != SyncState.RelativePath)
                );
                git.TryRun(out _, "merge", "--abort");
                var (again, _, stderr) = git.Execute(
                    [
                        "merge",
                        "-q",
                        "--no-edit",
                        "-X",
                        "theirs",
                        "-m",
                        message + " (translator's lines kept where both changed)",
                        "origin/" + baseBranch,
                    ],
                    null
                );
                if (again != 0)
                {
                    git.TryRun(out _, "merge", "--abort");
                    throw AmtsException.Input(
                        $"{baseBranch} could not be merged into {branch} even keeping the translator's lines: "
                            + $"{stderr.Trim()}",
                        $"merge {baseBranch} into {branch} by hand (a file deleted on one side and edited on the "
                            + "other), push, and re-run"
                    );
                }
            }
            if (
                stateBefore != null
                && File.ReadAllText(Path.Combine(git.WorkTree, SyncState.RelativePath)) != stateBefore
            )
            {
                File.WriteAllText(Path.Combine(git.WorkTree, SyncState.RelativePath), stateBefore);
                git.Run("add", "--", SyncState.RelativePath);
                git.Run("commit", "-q", "--amend", "--no-edit");
            }
            notes.Add(
                $"`{baseBranch}` was merged into `{branch}`"
                    + (
                        kept.Count > 0
                            ? "; where a translator's edit and the bot's change touched the same lines, the "
                                + $"translator's lines were kept ({kept.Count} file(s), listed for review)."
                            : "."
                    )
            );
        }
        return new BranchStart(branch, baseBranch, true, remoteSha, start, kept, notes) { RemoteRef = remoteRef };
    }

    /// <summary>Case B: a commit whose only change is the state file (and the chapters' records it folds in).</summary>
    public static bool OnlyStateChanged(GitCli git, string from, string to)
    {
        var names = git.Run("diff", "--name-only", from, to).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The state, and the records of a completed series' chapters folded into it (issue 23: no pull request whose
        // diff is only .amts/state.json and the deleted .amts/series/*.json).
        return names.All(n =>
            n == SyncState.RelativePath || n.StartsWith(SyncState.SeriesFolder + "/", StringComparison.Ordinal)
        );
    }

    /// <summary>Cases C and D.</summary>
    public static void Push(GitCli git, BranchStart start)
    {
        if (start.Carried)
            GitFailures.Run(git, "push", "-q", "origin", $"{start.Branch}:{start.RemoteRef}");
        else
            GitFailures.Run(
                git,
                "push",
                "-q",
                $"--force-with-lease={start.RemoteRef}:{start.RemoteSha ?? ""}",
                "origin",
                $"{start.Branch}:{start.RemoteRef}"
            );
    }
}
