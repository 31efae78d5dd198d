using Amts.Bot.Infrastructure;
using Amts.Bot.Translation.Aws;

namespace Amts.Bot.Publishing.Action;

/// <summary>
/// The language's batch job recorded on its sync branch (<see cref="BatchJobRecord.RelativePath"/>), so it travels
/// with the translation. Each write is one commit on the branch as this run last saw it on the remote, built on a
/// temporary index (the work tree and the sync's transaction are not touched), pushed with
/// <c>--force-with-lease=BRANCH:SEEN</c>: when another run moved the branch meanwhile, the push is refused and the
/// write fails with <see cref="BatchJobLockException"/> (the lock: of two runs at once only one starts a job).
/// </summary>
internal sealed class SyncBranchJobLedger(GitCli git, BranchStart start, string from, string to) : IBatchJobLedger
{
    /// <summary>The commit the record's commits build on: the branch as checked out for this run.</summary>
    string parent = git.Run("rev-parse", "HEAD").Trim();

    public BatchJobRecord? Current { get; private set; } = BatchJobRecord.Read(git.WorkTree) ?? OnRemote(git, start);
    public (string From, string To) Range => (from, to);
    public bool Applied { get; private set; }

    /// <summary>The remote branch as this run last pushed it, or null when it wrote nothing.</summary>
    public string? Pushed { get; private set; }

    /// <summary>The record on the remote branch when the run starts the branch afresh (no open pull request: a run
    /// stopped before it opened one): its job is still this language's.</summary>
    static BatchJobRecord? OnRemote(GitCli git, BranchStart start)
    {
        if (start.Carried || start.RemoteSha is not { } sha)
            return null;
        var spec = $"{sha}:{BatchJobRecord.RelativePath}";
        if (
            git.TryRun(out _, "cat-file", "-e", sha) != 0
            && git.TryRun(out _, "fetch", "-q", "origin", start.RemoteRef) != 0
        )
            return null;
        if (git.TryRun(out var json, "show", spec) != 0)
            return null;
        var folder = Path.Combine(Path.GetTempPath(), "amts-record-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, ".amts"));
            File.WriteAllText(Path.Combine(folder, BatchJobRecord.RelativePath), json);
            return BatchJobRecord.Read(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public void MarkApplied() => Applied = true;

    public Task WriteAsync(BatchJobRecord record, string message, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var blobFile = Path.Combine(Path.GetTempPath(), "amts-job-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllText(blobFile, record.ToJson());
            var commit = git.WithTemporaryIndex(g =>
            {
                g.Run("read-tree", parent);
                var blob = g.Run("hash-object", "-w", "--", blobFile).Trim();
                g.Run("update-index", "--add", "--cacheinfo", $"100644,{blob},{BatchJobRecord.RelativePath}");
                var tree = g.Run("write-tree").Trim();
                return g.Run("commit-tree", tree, "-p", parent, "-m", message).Trim();
            });
            var seen = Pushed ?? start.RemoteSha ?? "";
            var (code, _, stderr) = git.Execute(
                ["push", "-q", $"--force-with-lease={start.RemoteRef}:{seen}", "origin", $"{commit}:{start.RemoteRef}"],
                null
            );
            if (code != 0)
            {
                if (
                    stderr.Contains("stale info", StringComparison.Ordinal)
                    || stderr.Contains("rejected", StringComparison.Ordinal)
                )
                    throw new BatchJobLockException(
                        $"another run moved {start.RemoteRef} while this one was recording batch job {record.JobName}; "
                            + "this run starts no job (the branch's record is the lock)"
                    );
                throw GitFailures.Explain(["push"], stderr, git.WorkTree);
            }
            Pushed = parent = commit;
            Current = record;
        }
        finally
        {
            File.Delete(blobFile);
        }
        return Task.CompletedTask;
    }
}
