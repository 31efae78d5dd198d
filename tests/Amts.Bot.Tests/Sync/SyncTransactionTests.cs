using System.Diagnostics;
using System.Text.Json;
using Amts.Bot.Infrastructure;
using Amts.Bot.Tests.Cli;

namespace Amts.Bot.Tests.Sync;

/// <summary>
/// A sync is a transaction on a real checkout (issue 10): it never commits what it did not write, never orphans a sync
/// commit, takes a lock, writes the state only with its commit (past a <c>.gitignore</c> that hides it), survives a
/// SIGKILL at any point, refuses a range or target that makes no sense, and leaves the old files when a write fails.
/// Every case runs the real CLI on clones of the real books; "equal to a clean run" means the same commit tree.
/// </summary>
[Trait("Category", "Integration")]
public class SyncTransactionTests
{
    const string Branch = "amts/sync-zh";

    static string En => TestData.EnglishRepo;

    static readonly Lazy<string[]> Commits = new(() =>
        new GitCli(En).Run("rev-list", "--reverse", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries)
    );

    static string First => Commits.Value[0];

    static string Tip => Commits.Value[^1];

    static string[] SyncArgs(string target, string from, string to, bool commit = true) =>
        [
            "sync",
            "--source",
            En,
            "--target",
            target,
            "--lang",
            "zh",
            "--from",
            from,
            "--to",
            to,
            .. commit ? new[] { "--commit" } : [],
        ];

    /// <summary>The tree a clean <c>--commit</c> run of the whole range (first English commit to tip) makes on d2l-zh,
    /// and how many files its commit changes.</summary>
    static readonly Lazy<(string Tree, int Files)> Clean = new(() =>
    {
        var zh = TestData.FreshClone("d2l-zh");
        var r = CliRunner.Run(SyncArgs(zh, First, Tip));
        Assert.True(r.ExitCode == 0, r.Stderr);
        var git = new GitCli(zh);
        var files = git.Run("diff", "--name-only", "HEAD~1", "HEAD")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Length;
        return (git.Run("rev-parse", "HEAD^{tree}").Trim(), files);
    });

    static string Head(GitCli git) => git.Run("rev-parse", "HEAD").Trim();

    static string CurrentBranch(GitCli git) => git.Run("symbolic-ref", "--short", "HEAD").Trim();

    static string Status(GitCli git) => git.Run("status", "--porcelain", "--untracked-files=all").Trim();

    static bool BranchExists(GitCli git, string name) =>
        git.TryRun(out _, "rev-parse", "--verify", "--quiet", "refs/heads/" + name) == 0;

    static GitCli Committer(string repo)
    {
        var git = new GitCli(repo);
        git.Environment["GIT_AUTHOR_NAME"] = git.Environment["GIT_COMMITTER_NAME"] = "test";
        git.Environment["GIT_AUTHOR_EMAIL"] = git.Environment["GIT_COMMITTER_EMAIL"] = "test@example.com";
        return git;
    }

    /// <summary>The state of a target that a refused or rolled-back run must leave untouched.</summary>
    static void AssertUntouched(GitCli git, string head, string branch, string status)
    {
        Assert.Equal(head, Head(git));
        Assert.Equal(branch, CurrentBranch(git));
        Assert.Equal(status, Status(git));
        Assert.False(
            BranchExists(git, Branch) && branch != Branch && git.Run("rev-parse", Branch).Trim() != head,
            "the sync branch was moved"
        );
        Assert.Empty(Directory.EnumerateFiles(git.WorkTree, "*.amts-tmp", SearchOption.AllDirectories));
        Assert.False(File.Exists(Path.Combine(git.WorkTree, ".amts", "state.json")), "a state file was written");
    }

    // ---- the CLI as a real child process (for SIGKILL, concurrency and another user) ----

    static ProcessStartInfo ProcessFor(
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? env = null,
        bool asNobody = false
    )
    {
        var dotnet = CliRunner.DotnetHost;
        var psi = new ProcessStartInfo(asNobody ? "setpriv" : dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asNobody)
        {
            foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", dotnet })
                psi.ArgumentList.Add(a);
            var home = TestData.TempDir();
            Process.Start("chmod", ["777", home])!.WaitForExit();
            psi.Environment["HOME"] = psi.Environment["DOTNET_CLI_HOME"] = home;
            // The English clone belongs to root: let git read it as another user.
            psi.Environment["GIT_CONFIG_COUNT"] = "1";
            psi.Environment["GIT_CONFIG_KEY_0"] = "safe.directory";
            psi.Environment["GIT_CONFIG_VALUE_0"] = "*";
        }
        psi.ArgumentList.Add(asNobody ? SharedBuild.Cli : Path.Combine(AppContext.BaseDirectory, "amts.dll"));
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
            psi.Environment[k] = v;
        return psi;
    }

    static async Task<CliResult> RunProcessAsync(ProcessStartInfo psi)
    {
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return new CliResult(p.ExitCode, await stdout, await stderr);
    }

    static CliResult RunProcess(
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? env = null,
        bool asNobody = false
    ) => RunProcessAsync(ProcessFor(args, env, asNobody)).GetAwaiter().GetResult();

    // ---- the cases of issue 10 ----

    [Fact]
    public void A_dirty_target_is_refused_naming_the_files_and_nothing_is_written()
    {
        var zh = TestData.FreshClone("d2l-zh");
        var git = new GitCli(zh);
        File.AppendAllText(Path.Combine(zh, "chapter_introduction/index.md"), "\n我的笔记。\n");
        File.WriteAllText(Path.Combine(zh, "MY_NOTES.txt"), "notes\n");
        var (head, status) = (Head(git), Status(git));

        var r = CliRunner.Run(SyncArgs(zh, First, Tip));

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("uncommitted", r.Stderr);
        Assert.Contains("MY_NOTES.txt", r.Stderr);
        Assert.Contains("chapter_introduction/index.md", r.Stderr);
        AssertUntouched(git, head, "master", status);
        Assert.False(BranchExists(git, Branch));
        Assert.EndsWith("我的笔记。\n", File.ReadAllText(Path.Combine(zh, "chapter_introduction/index.md")));
    }

    [Fact]
    public void A_run_from_another_branch_builds_on_the_sync_branch_and_never_orphans_a_sync_commit()
    {
        var zh = TestData.FreshClone("d2l-zh");
        var git = Committer(zh);
        var mid = Commits.Value[15];
        Assert.Equal(0, CliRunner.Run(SyncArgs(zh, First, mid)).ExitCode);
        var firstSync = git.Run("rev-parse", Branch).Trim();
        git.Run("checkout", "-q", "master");

        var r = CliRunner.Run(SyncArgs(zh, mid, Tip));

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(Branch, CurrentBranch(git));
        Assert.Equal(firstSync, git.Run("rev-parse", "HEAD~1").Trim()); // the second sync sits on the first
        Assert.Equal("", Status(git));

        // The sync branch and master have diverged (a human commit on master): the branch is left alone, clearly.
        git.Run("checkout", "-q", "master");
        File.AppendAllText(Path.Combine(zh, "chapter_introduction/index.md"), "\n人工修改。\n");
        git.Run("commit", "-q", "-am", "human edit");
        var syncTip = git.Run("rev-parse", Branch).Trim();
        var (head, status) = (Head(git), Status(git));
        var refused = CliRunner.Run(SyncArgs(zh, mid, Tip));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"branch {Branch} holds 2 commit(s) that master does not contain", refused.Stderr);
        Assert.Equal(syncTip, git.Run("rev-parse", Branch).Trim());
        Assert.Equal(head, Head(git));
        Assert.Equal("master", CurrentBranch(git));
        Assert.Equal(status, Status(git));
    }

    [Fact]
    public void A_preview_writes_no_state_and_a_commit_after_it_equals_a_clean_commit()
    {
        var zh = TestData.FreshClone("d2l-zh");
        var git = new GitCli(zh);
        var preview = CliRunner.Run(SyncArgs(zh, First, Tip, commit: false));
        Assert.True(preview.ExitCode == 0, preview.Stderr);
        Assert.False(File.Exists(Path.Combine(zh, ".amts", "state.json")));
        Assert.Contains("chapter_", Status(git)); // the translation files are written for a look
        Assert.Equal("master", CurrentBranch(git));

        // A second preview gives the same files (it is not applied twice).
        var once = Status(git) + git.Run("diff");
        Assert.Equal(0, CliRunner.Run(SyncArgs(zh, First, Tip, commit: false)).ExitCode);
        Assert.Equal(once, Status(git) + git.Run("diff"));

        var commit = CliRunner.Run(SyncArgs(zh, First, Tip));
        Assert.True(commit.ExitCode == 0, commit.Stderr);
        Assert.Equal(Clean.Value.Tree, git.Run("rev-parse", "HEAD^{tree}").Trim());
        Assert.Equal("", Status(git));

        // Preview, discard the tracked changes by hand (the new files stay), then commit: still a clean commit.
        var zh2 = TestData.FreshClone("d2l-zh");
        var git2 = new GitCli(zh2);
        Assert.Equal(0, CliRunner.Run(SyncArgs(zh2, First, Tip, commit: false)).ExitCode);
        git2.Run("checkout", "--", ".");
        var after = CliRunner.Run(SyncArgs(zh2, First, Tip));
        Assert.True(after.ExitCode == 0, after.Stderr);
        Assert.Equal(Clean.Value.Tree, git2.Run("rev-parse", "HEAD^{tree}").Trim());
        Assert.Equal("", Status(git2));
    }

    [Fact]
    public void The_state_is_committed_past_the_real_d2l_zh_gitignore()
    {
        var zh = TestData.FreshClone("d2l-zh");
        var git = Committer(zh);
        File.Copy(Path.Combine(TestData.Data, "gitignore", "d2l-zh.gitignore"), Path.Combine(zh, ".gitignore"));
        git.Run("add", ".gitignore");
        git.Run("commit", "-q", "-m", "d2l-zh's .gitignore");
        Assert.Equal(0, git.TryRun(out _, "check-ignore", "-q", ".amts/state.json")); // it really hides the state

        var r = CliRunner.Run(SyncArgs(zh, First, Commits.Value[10]));
        Assert.True(r.ExitCode == 0, r.Stderr);

        var state = JsonDocument.Parse(git.Run("show", "HEAD:.amts/state.json")).RootElement;
        Assert.Equal(Commits.Value[10], state.GetProperty("sourceCommit").GetString());
        Assert.Equal("", Status(git));
        // The next run finds its start in the committed state.
        var head = Head(git);
        var next = CliRunner.Run(
            "sync",
            "--source",
            En,
            "--target",
            zh,
            "--lang",
            "zh",
            "--to",
            Commits.Value[10],
            "--commit"
        );
        Assert.True(next.ExitCode == 0, next.Stderr);
        Assert.Equal(head, Head(git));
    }

    [Fact]
    public void A_held_lock_refuses_a_second_run_clearly()
    {
        var zh = TestData.FreshClone("d2l-zh");
        var git = new GitCli(zh);
        var (head, status) = (Head(git), Status(git));
        var lockPath = Path.Combine(zh, ".git", "amts.lock");
        using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var r = CliRunner.Run(SyncArgs(zh, First, Tip));
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("another amts sync is running on", r.Stderr);
            AssertUntouched(git, head, "master", status);
        }
        // Released (as a killed holder's lock is, by the system): the next run goes ahead.
        var again = CliRunner.Run(SyncArgs(zh, First, Tip));
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(Clean.Value.Tree, git.Run("rev-parse", "HEAD^{tree}").Trim());
    }

    [Fact]
    public async Task Two_concurrent_runs_on_one_target_one_wins_the_other_fails_clearly()
    {
        var zh = TestData.FreshClone("d2l-zh");
        var git = new GitCli(zh);
        var runs = await Task.WhenAll(
            RunProcessAsync(ProcessFor(SyncArgs(zh, First, Tip))),
            RunProcessAsync(ProcessFor(SyncArgs(zh, First, Tip)))
        );

        Assert.Single(runs, r => r.ExitCode == 0);
        var loser = Assert.Single(runs, r => r.ExitCode != 0);
        Assert.Equal(1, loser.ExitCode);
        Assert.Contains("another amts sync is running on", loser.Stderr);
        Assert.Equal(Clean.Value.Tree, git.Run("rev-parse", "HEAD^{tree}").Trim());
        Assert.Equal("", Status(git));
    }

    /// <summary>SIGKILL at several points of the apply phase of a large real range (the process kills itself after N
    /// steps through a test hook: the journal, the branch switch, each staged file, each rename, the index, the
    /// commit); the next run recovers and its commit equals a clean run's.</summary>
    [Fact]
    public void A_run_killed_at_any_point_is_recovered_by_the_next_run_without_a_difference()
    {
        int n = Clean.Value.Files;
        // Steps: 1 journal, 2 branch, 3 pre-images and journal, n temporary files, n renames, index, commit.
        foreach (var step in new[] { 1, 2, 3 + n / 2, 3 + n + n / 2, 3 + 2 * n + 1, 3 + 2 * n + 2 })
        {
            var zh = TestData.FreshClone("d2l-zh");
            var git = new GitCli(zh);
            var master = Head(git);
            var killed = RunProcess(
                SyncArgs(zh, First, Tip),
                new Dictionary<string, string> { ["AMTS_TEST_KILL_AFTER_STEPS"] = step.ToString() }
            );
            // 128 + SIGKILL
            Assert.True(killed.ExitCode == 137, $"step {step}: exit {killed.ExitCode}: {killed.Stderr}");

            // Any next run first recovers (here one with nothing to do): the target is in the old state or the new one.
            var recovered = CliRunner.Run(SyncArgs(zh, Tip, Tip, commit: false));
            Assert.True(recovered.ExitCode == 0, $"step {step}: {recovered.Stderr}");
            Assert.Equal("", Status(git));
            bool old = Head(git) == master && CurrentBranch(git) == "master" && !BranchExists(git, Branch);
            bool synced =
                CurrentBranch(git) == Branch
                && git.Run("rev-parse", "HEAD~1").Trim() == master
                && git.Run("rev-parse", "HEAD^{tree}").Trim() == Clean.Value.Tree;
            Assert.True(old || synced, $"step {step}: neither the old nor the new state");

            var again = RunProcess(SyncArgs(zh, First, Tip));
            Assert.True(again.ExitCode == 0, $"step {step}: {again.Stderr}");
            Assert.Equal(Clean.Value.Tree, git.Run("rev-parse", "HEAD^{tree}").Trim());
            Assert.Equal(master, git.Run("rev-parse", "HEAD~1").Trim());
            Assert.Equal(master, git.Run("rev-parse", "master").Trim());
            Assert.Equal(Branch, CurrentBranch(git));
            Assert.Equal("", Status(git));
            Assert.False(
                Directory.Exists(Path.Combine(zh, ".git", "amts-journal")),
                $"step {step}: the journal is left"
            );
        }
    }

    /// <summary>Already on the sync branch (as the action runs): no branch steps; killed after the commit, before the
    /// journal is removed: the commit stands and nothing is put back over it.</summary>
    [Fact]
    public void A_run_on_the_sync_branch_killed_after_its_commit_keeps_the_commit()
    {
        int n = Clean.Value.Files;
        var onBranch = TestData.FreshClone("d2l-zh");
        var g = new GitCli(onBranch);
        g.Run("checkout", "-q", "-b", Branch);
        var start = Head(g);
        var late = RunProcess(
            SyncArgs(onBranch, First, Tip),
            new Dictionary<string, string> { ["AMTS_TEST_KILL_AFTER_STEPS"] = (1 + 2 * n + 2).ToString() }
        );
        Assert.True(late.ExitCode == 137, $"exit {late.ExitCode}: {late.Stderr}");
        Assert.Equal(0, CliRunner.Run(SyncArgs(onBranch, Tip, Tip, commit: false)).ExitCode);
        Assert.Equal("", Status(g));
        Assert.Equal(start, g.Run("rev-parse", "HEAD~1").Trim());
        Assert.Equal(Clean.Value.Tree, g.Run("rev-parse", "HEAD^{tree}").Trim());
    }

    [Fact]
    public void A_plain_folder_takes_a_preview_but_not_a_commit()
    {
        const string file = "chapter_linear-networks/softmax-regression-scratch.md";
        var folder = TestData.TempDir();
        Directory.CreateDirectory(Path.Combine(folder, "chapter_linear-networks"));
        foreach (var f in new[] { file, file.Replace(".md", "_origin.md") })
            File.Copy(Path.Combine(TestData.ChineseRepo, f), Path.Combine(folder, f));
        var before = File.ReadAllText(Path.Combine(folder, file));
        string[] Args(bool commit) => SyncArgs(folder, "34a395d^", "34a395d", commit); // "fix broken paragraph"

        var refused = CliRunner.Run(Args(commit: true));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("is not a git work tree, so --commit cannot commit there", refused.Stderr);
        Assert.Equal(before, File.ReadAllText(Path.Combine(folder, file)));

        Assert.Equal(0, CliRunner.Run(Args(commit: false)).ExitCode);
        var previewed = File.ReadAllText(Path.Combine(folder, file));
        Assert.NotEqual(before, previewed);
        Assert.False(File.Exists(Path.Combine(folder, ".amts", "state.json")));
        Assert.Equal(0, CliRunner.Run(Args(commit: false)).ExitCode); // the same preview again: taken back, then redone
        Assert.Equal(previewed, File.ReadAllText(Path.Combine(folder, file)));
    }

    [Fact]
    public void A_reversed_range_an_empty_language_and_an_unrelated_target_are_refused()
    {
        var zh = TestData.FreshClone("d2l-zh");
        var git = new GitCli(zh);
        var (head, status) = (Head(git), Status(git));

        var reversed = CliRunner.Run(SyncArgs(zh, Tip, First));
        Assert.Equal(1, reversed.ExitCode);
        Assert.Contains($"--from {Tip} is not an ancestor of --to {First}", reversed.Stderr);
        AssertUntouched(git, head, "master", status);

        foreach (var lang in new[] { "", " " })
        {
            var empty = CliRunner.Run(
                "sync",
                "--source",
                En,
                "--target",
                zh,
                "--lang",
                lang,
                "--from",
                First,
                "--to",
                Tip,
                "--commit"
            );
            Assert.NotEqual(0, empty.ExitCode);
            Assert.Contains("lang", empty.Stderr);
            AssertUntouched(git, head, "master", status);
        }

        // A repository that shares no Markdown file with the English book is not its translation.
        var other = TestData.TempDir();
        var og = Committer(other);
        og.Run("init", "-q", "-b", "main");
        Directory.CreateDirectory(Path.Combine(other, "docs"));
        File.WriteAllText(Path.Combine(other, "docs", "guide.md"), "# A guide\n\nNothing to do with the book.\n");
        og.Run("add", "-A");
        og.Run("commit", "-q", "-m", "unrelated");
        var unrelated = CliRunner.Run(SyncArgs(other, First, Tip));
        Assert.Equal(1, unrelated.ExitCode);
        Assert.Contains("does not look like a translation of", unrelated.Stderr);
        AssertUntouched(og, Head(og), "main", "");
    }

    [Fact]
    public void A_write_that_fails_midway_leaves_the_old_files_and_a_rerun_equals_a_clean_run()
    {
        var zh = TestData.FreshClone("d2l-zh");
        var git = new GitCli(zh);
        var (head, status) = (Head(git), Status(git));
        // The state file is the last write; an (empty, so invisible to git) folder in its place makes that write fail
        // after every other file was already replaced.
        var blocker = Path.Combine(zh, ".amts", "state.json");
        Directory.CreateDirectory(blocker);

        var r = CliRunner.Run(SyncArgs(zh, First, Tip));

        Assert.Equal(1, r.ExitCode);
        Assert.Contains(".amts/state.json", r.Stderr);
        Assert.Contains("nothing was changed", r.Stderr);
        AssertUntouched(git, head, "master", status);
        Assert.False(BranchExists(git, Branch));
        Assert.False(Directory.Exists(Path.Combine(zh, ".git", "amts-journal")));

        Directory.Delete(blocker);
        var again = CliRunner.Run(SyncArgs(zh, First, Tip));
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(Clean.Value.Tree, git.Run("rev-parse", "HEAD^{tree}").Trim());
    }

    /// <summary>A target the user may not write (root ignores permission bits, so as root the run is made as the
    /// unprivileged user <c>nobody</c> through <c>setpriv</c>): a clear error, nothing half-written.</summary>
    [Fact]
    public void A_read_only_target_is_a_clear_error_and_nothing_is_half_written()
    {
        bool root = Environment.UserName == "root";
        if (root && !File.Exists("/usr/bin/setpriv"))
            return; // cannot drop privileges here: the case needs a non-root user
        var zh = TestData.FreshClone("d2l-zh");
        var git = new GitCli(zh);
        var (head, status) = (Head(git), Status(git));
        CliResult Run() =>
            root ? RunProcess(SyncArgs(zh, First, Tip), asNobody: true) : CliRunner.Run(SyncArgs(zh, First, Tip));

        // The whole target read-only (for nobody, a folder of root's is): no lock can be taken, nothing is written.
        if (!root)
            Chmod(zh, writable: false);
        var whole = Run();
        if (!root)
            Chmod(zh, writable: true);
        Assert.Equal(1, whole.ExitCode);
        Assert.Contains("is not writable", whole.Stderr);
        Assert.DoesNotContain("   at ", whole.Stderr);
        AssertUntouched(git, head, "master", status);

        // Only one chapter read-only: the files before it were prepared, then the run stops and puts everything back.
        if (root)
            Process.Start("chown", ["-R", "65534:65534", zh])!.WaitForExit();
        var chapter = Path.Combine(zh, "chapter_preliminaries");
        Chmod(chapter, writable: false);
        var part = Run();
        Chmod(chapter, writable: true);
        Assert.Equal(1, part.ExitCode);
        Assert.Contains("chapter_preliminaries", part.Stderr);
        Assert.Contains("nothing was changed", part.Stderr);
        Assert.DoesNotContain("   at ", part.Stderr);
        if (root)
            Process.Start("chown", ["-R", "0:0", zh])!.WaitForExit();
        AssertUntouched(git, head, "master", status);
        Assert.False(BranchExists(git, Branch));
    }

    static void Chmod(string path, bool writable) =>
        Process.Start("chmod", ["-R", writable ? "u+w" : "a-w", path])!.WaitForExit();
}
