using Amts.Bot.Alignment;
using Amts.Bot.Errors;
using Amts.Bot.Infrastructure;
using Amts.Bot.Sync;

namespace Amts.Bot.Publishing.Action;

/// <summary>How a run relates to what the translation records.</summary>
internal enum RangeKind
{
    /// <summary>The recorded English commit (or the push's <c>before</c> on a first run) is an ancestor of the pushed
    /// commit: sync that range.</summary>
    Range,

    /// <summary>The recorded commit is gone (force-push), or there is no state and no usable <c>before</c>: compare
    /// each translated file's <c>_origin.md</c> (or the state's per-file blob) with the English at the pushed
    /// commit.</summary>
    Reconcile,

    /// <summary>The event is older than the recorded commit, or on another line of history: nothing is done, and the
    /// log says why.</summary>
    Nothing,
}

internal sealed record RangeDecision(RangeKind Kind, string? From, string Reason);

/// <summary>
/// The English range of a run, safe against history: the translation's recorded English commit
/// (<c>.amts/state.json</c>) is the truth, the event only says how far to go.
///
/// | recorded commit (state)              | pushed commit                       | decision                        |
/// |--------------------------------------|-------------------------------------|---------------------------------|
/// | same as pushed                       |                                     | range (empty: nothing to carry) |
/// | exists, ancestor of pushed           |                                     | range recorded..pushed          |
/// | exists, pushed is its ancestor       | an old run re-run                   | nothing (never backwards)       |
/// | exists, unrelated, event forced      | history rewritten                   | reconcile                       |
/// | exists, unrelated, not forced        | another line (a branch, a dispatch) | nothing                         |
/// | missing (force-push removed it)      |                                     | reconcile                       |
/// | no state, before usable              | first run                           | range before..pushed            |
/// | no state, before 0000… or missing    | `_origin.md` files or state blobs   | reconcile                       |
/// | no state, no before, no origin files |                                     | error: say where to start       |
/// </summary>
internal static class EnglishRange
{
    /// <summary>A shallow checkout (actions/checkout's default depth 1) lacks the recorded commit: deepen it, or refuse
    /// with the fix.</summary>
    public static void EnsureFullHistory(GitCli english, Action<string> log)
    {
        if (english.TryRun(out var shallow, "rev-parse", "--is-shallow-repository") != 0 || shallow.Trim() != "true")
            return;
        log($"The English checkout is shallow; fetching its full history (git fetch --unshallow).");
        var (code, _, stderr) = english.Execute(["fetch", "-q", "--unshallow", "--no-tags"], null);
        // git fetch without a remote exits 0 and fetches nothing: ask again.
        if (
            code == 0
            && english.TryRun(out shallow, "rev-parse", "--is-shallow-repository") == 0
            && shallow.Trim() == "true"
        )
            (code, stderr) = (1, "the checkout has no remote to fetch the history from");
        if (code != 0)
            throw AmtsException.Input(
                $"the English checkout {english.WorkTree} is shallow and could not be deepened: {stderr.Trim()}",
                "set `fetch-depth: 0` on the actions/checkout step, so the recorded English commit is in the history"
            );
    }

    public static RangeDecision Decide(
        GitCli english,
        SyncState? state,
        string pushed,
        string? before,
        bool forced,
        bool hasOriginFiles
    )
    {
        bool Exists(string c) => english.TryRun(out _, "cat-file", "-e", c + "^{commit}") == 0;
        bool IsAncestor(string a, string b) => english.TryRun(out _, "merge-base", "--is-ancestor", a, b) == 0;
        if (!Exists(pushed))
            throw AmtsException.Input(
                $"the pushed commit {pushed} is not in the English checkout {english.WorkTree}",
                "check out the pushed commit (actions/checkout with fetch-depth: 0)"
            );
        if (state != null)
        {
            var recorded = state.SourceCommit;
            if (!Exists(recorded))
                return new(
                    RangeKind.Reconcile,
                    null,
                    $"the recorded English commit {Short(recorded)} is no longer in the English history (a "
                        + $"force-push?): reconciling each file with the English at {Short(pushed)}"
                );
            if (recorded == pushed || IsAncestor(recorded, pushed))
                return new(RangeKind.Range, recorded, $"English {Short(recorded)}..{Short(pushed)}");
            if (IsAncestor(pushed, recorded))
                return new(
                    RangeKind.Nothing,
                    null,
                    $"the translation already follows English {Short(recorded)}, which is newer than this event's "
                        + $"{Short(pushed)} (an old run re-run?): nothing to do, never backwards"
                );
            return forced
                ? new(
                    RangeKind.Reconcile,
                    null,
                    $"the English history was rewritten (forced push): {Short(recorded)} is not an ancestor of "
                        + $"{Short(pushed)}; reconciling each file"
                )
                : new(
                    RangeKind.Nothing,
                    null,
                    $"{Short(pushed)} is on another line of history than the recorded English {Short(recorded)}: "
                        + "nothing to do"
                );
        }
        if (before is { Length: > 0 } b && b.Any(c => c != '0') && Exists(b) && IsAncestor(b, pushed))
            return new(RangeKind.Range, b, $"no sync state yet: English {Short(b)}..{Short(pushed)} (the push)");
        if (hasOriginFiles)
            return new(
                RangeKind.Reconcile,
                null,
                "no sync state and no usable start in the event (before = "
                    + $"{(before is { Length: > 0 } ? Short(before) : "none")}): reconciling each file's _origin.md "
                    + $"with the English at {Short(pushed)}"
            );
        throw AmtsException.Input(
            $"the translation has no sync state ({SyncState.RelativePath}), no _origin.md files, and the event gives "
                + $"no usable start (before = {before ?? "none"})",
            "run `amts sync --from <English commit the translation follows> --commit` once, or dispatch after a push"
        );
    }

    /// <summary>
    /// A commit in the English repository whose tree is the English the translation follows: the pushed tree with
    /// every file that has an <c>_origin.md</c> (else a blob recorded in the state) replaced by that English. Its diff
    /// to the pushed commit is exactly what the translation lacks, whatever happened to the history in between.
    /// </summary>
    public static string ReconcileBase(GitCli english, string target, SyncState? state, string pushed) =>
        english.WithTemporaryIndex(git =>
        {
            git.Run("read-tree", pushed);
            var entries = new Dictionary<string, string>(StringComparer.Ordinal);
            var origins = Directory
                .EnumerateFiles(target, "*" + Book.OriginSuffix, SearchOption.AllDirectories)
                .Where(f => !Path.GetRelativePath(target, f).StartsWith(".git", StringComparison.Ordinal))
                .OrderBy(f => f, StringComparer.Ordinal)
                .ToList();
            if (origins.Count > 0)
            {
                var (code, ids, stderr) = git.Execute(
                    ["hash-object", "-w", "--stdin-paths"],
                    System.Text.Encoding.UTF8.GetBytes(string.Join('\n', origins) + "\n")
                );
                if (code != 0)
                    throw new GitException(
                        $"git hash-object of the _origin.md files of {target} failed: {stderr.Trim()}"
                    );
                var blobIds = System
                    .Text.Encoding.ASCII.GetString(ids)
                    .Split('\n', StringSplitOptions.RemoveEmptyEntries);
                for (int i = 0; i < origins.Count; i++)
                {
                    var rel = Path.GetRelativePath(target, origins[i]).Replace('\\', '/');
                    entries[rel[..^Book.OriginSuffix.Length] + ".md"] = blobIds[i];
                }
            }
            foreach (var (path, blob) in state?.Files ?? new Dictionary<string, string>())
                if (!entries.ContainsKey(path) && git.TryRun(out _, "cat-file", "-e", blob + "^{blob}") == 0)
                    entries[path] = blob;
            if (entries.Count > 0)
            {
                var info = string.Concat(entries.Select(e => $"100644 blob {e.Value}\t{e.Key}\n"));
                var (code, _, stderr) = git.Execute(
                    ["update-index", "--add", "--index-info"],
                    System.Text.Encoding.UTF8.GetBytes(info)
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

    static string Short(string sha) => sha.Length > 7 ? sha[..7] : sha;
}
