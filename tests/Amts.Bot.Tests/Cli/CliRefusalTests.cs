using Amts.Bot.Infrastructure;

namespace Amts.Bot.Tests.Cli;

/// <summary>
/// Issue 20, items 4 and 5: wrong input that was accepted with exit 0 (or was an internal error) is refused with a
/// message and exit 1, and the messages name the real cause and the fix. Each case on fresh clones of the real books.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CliRefusalTests
{
    readonly string english = TestData.FreshClone("d2l-en");
    readonly string chinese = TestData.FreshClone("d2l-zh");

    string Commit(int index) =>
        new GitCli(english).Run("rev-list", "--reverse", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries)[
            index
        ];

    string Head(string repo) => new GitCli(repo).Run("rev-parse", "HEAD").Trim();

    string Status(string repo) => new GitCli(repo).Run("status", "--porcelain");

    CliResult Sync(params string[] extra) =>
        CliRunner.Run(["sync", "--source", english, "--target", chinese, .. extra]);

    [Fact]
    public void A_language_without_a_profile_is_refused()
    {
        var before = Head(chinese);
        var r = Sync("--lang", "xx", "--from", Commit(21), "--to", Commit(23));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("amts: sync: --lang: no language profile for 'xx' (use one of en, zh, ja", r.Stderr);
        Assert.Equal(before, Head(chinese));
        Assert.Equal("", Status(chinese));
    }

    [Fact]
    public void A_language_the_book_is_not_written_in_is_refused()
    {
        var r = Sync("--lang", "ja", "--from", Commit(21), "--to", Commit(23));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(
            $"--lang ja: the book in --target {chinese} is written in Chinese, not Japanese "
                + "(pass --lang zh, or the right --target)",
            r.Stderr
        );
        Assert.Equal("", Status(chinese));
        var pt = Sync("--lang", "pt", "--from", Commit(21), "--to", Commit(23));
        Assert.Equal(1, pt.ExitCode);
        Assert.Contains("is written in Chinese, not Portuguese", pt.Stderr);
    }

    [Fact]
    public void Committing_onto_the_default_branch_needs_allow_default_branch()
    {
        var before = Head(chinese);
        var r = Sync("--lang", "zh", "--from", Commit(21), "--to", Commit(23), "--commit", "--branch", "master");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--branch master is the default branch of --target", r.Stderr);
        Assert.Contains("--allow-default-branch", r.Stderr);
        Assert.Equal(before, Head(chinese));
        Assert.Equal(before, new GitCli(chinese).Run("rev-parse", "master").Trim());
        var allowed = Sync(
            "--lang",
            "zh",
            "--from",
            Commit(21),
            "--to",
            Commit(23),
            "--commit",
            "--branch",
            "master",
            "--allow-default-branch"
        );
        Assert.True(allowed.ExitCode == 0, allowed.Stderr);
        Assert.NotEqual(before, new GitCli(chinese).Run("rev-parse", "master").Trim());
    }

    [Fact]
    public void Source_and_target_the_same_repository_is_refused()
    {
        var before = Head(english);
        var r = CliRunner.Run(
            "sync",
            "--source",
            english,
            "--target",
            english + "/",
            "--lang",
            "zh",
            "--from",
            Commit(21),
            "--to",
            Commit(23),
            "--commit"
        );
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("are the same repository", r.Stderr);
        Assert.Equal(before, Head(english));
        Assert.False(File.Exists(Path.Combine(english, ".amts", "state.json")));
    }

    [Fact]
    public void A_range_older_than_the_recorded_state_is_refused_unless_forced()
    {
        var first = Sync("--lang", "zh", "--from", Commit(21), "--to", Commit(23), "--commit");
        Assert.True(first.ExitCode == 0, first.Stderr);
        var state = File.ReadAllText(Path.Combine(chinese, ".amts", "state.json"));
        var head = Head(chinese);
        var r = Sync("--lang", "zh", "--from", Commit(20), "--to", Commit(22), "--commit");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(
            $"is older than the English commit {Commit(23)[..10]} recorded in the target's .amts/state.json",
            r.Stderr
        );
        Assert.Contains("--force-range", r.Stderr);
        Assert.Equal(state, File.ReadAllText(Path.Combine(chinese, ".amts", "state.json")));
        Assert.Equal(head, Head(chinese));
    }

    [Fact]
    public void A_source_that_is_no_repository_says_so_not_no_such_commit()
    {
        var plain = TestData.TempDir();
        File.WriteAllText(Path.Combine(plain, "index.md"), "# Hello\n");
        var r = CliRunner.Run("sync", "--source", plain, "--target", chinese, "--lang", "zh", "--from", "HEAD~1");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"--source {plain} is not a git repository", r.Stderr);
        Assert.DoesNotContain("no such commit", r.Stderr);
    }

    /// <summary>git's own switch for the check it makes on a repository owned by someone else (safe.directory), so
    /// that the test needs no second user; in a child process, so that no other test's git sees it.</summary>
    static CliResult AsAnotherUsersRepositories(params string[] args) =>
        CliRunner.RunProcess(new Dictionary<string, string> { ["GIT_TEST_ASSUME_DIFFERENT_OWNER"] = "1" }, args);

    [Fact]
    public void A_source_another_user_owns_says_so_and_how_to_trust_it()
    {
        var plain = TestData.TempDir(); // a target that is no repository: only the source is refused
        File.WriteAllText(Path.Combine(plain, "index.md"), "# 你好\n");
        var r = AsAnotherUsersRepositories(
            "sync",
            "--source",
            english,
            "--target",
            plain,
            "--lang",
            "zh",
            "--from",
            Commit(21)
        );
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"--source {english} belongs to another user, so git refuses to read it", r.Stderr);
        Assert.Contains($"git config --global --add safe.directory {english}", r.Stderr);
        Assert.DoesNotContain("no such commit", r.Stderr);
    }

    [Fact]
    public void A_target_another_user_owns_is_refused_and_nothing_is_written_into_it()
    {
        var r = AsAnotherUsersRepositories(
            "sync",
            "--source",
            english,
            "--target",
            chinese,
            "--lang",
            "zh",
            "--from",
            Commit(21)
        );
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"--target {chinese} belongs to another user, so git refuses to read it", r.Stderr);
        Assert.Contains($"git config --global --add safe.directory {chinese}", r.Stderr);
        Assert.Equal("", Status(chinese)); // was: a repository taken for a plain folder got .amts/run/amts.lock
    }

    [Fact]
    public void A_shallow_source_says_it_is_shallow_and_how_to_deepen_it()
    {
        var shallow = Path.Combine(TestData.TempDir(), "shallow");
        GitCli.Clone("file://" + english, shallow, "--depth", "1");
        var r = CliRunner.Run("sync", "--source", shallow, "--target", chinese, "--lang", "zh", "--from", Commit(21));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("a shallow clone that lacks the older history", r.Stderr);
        Assert.Contains($"git -C {shallow} fetch --unshallow", r.Stderr);
    }

    [Fact]
    public void A_recorded_commit_that_is_gone_is_named_as_the_states()
    {
        Directory.CreateDirectory(Path.Combine(chinese, ".amts"));
        File.WriteAllText(
            Path.Combine(chinese, ".amts", "state.json"),
            "{\"sourceCommit\": \"0123456789abcdef0123456789abcdef01234567\", \"files\": {}}\n"
        );
        var r = Sync("--lang", "zh");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(
            "the English commit 0123456789abcdef0123456789abcdef01234567 recorded in the target's "
                + ".amts/state.json is not in",
            r.Stderr
        );
        Assert.Contains("pass --from", r.Stderr);
    }

    [Fact]
    public void Md_check_on_nothing_to_check_is_refused()
    {
        var empty = TestData.TempDir();
        var r = CliRunner.Run("md", "check", empty);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no Markdown file (*.md) to check", r.Stderr);
        Assert.DoesNotContain("all lossless", r.Stdout);
        var bare = Path.Combine(TestData.TempDir(), "bare.git");
        GitCli.Clone(english, bare, "--bare");
        var b = CliRunner.Run("md", "check", bare);
        Assert.Equal(1, b.ExitCode);
        Assert.Contains("a bare repository has no work tree: add --history", b.Stderr);
    }

    [Fact]
    public void A_negative_bleu_width_is_an_input_error_not_a_defect()
    {
        var dir = TestData.TempDir();
        File.WriteAllText(Path.Combine(dir, "ref.txt"), "a b c\n");
        File.WriteAllText(Path.Combine(dir, "hyp.txt"), "a b c\n");
        var r = CliRunner.Run("bleu", Path.Combine(dir, "ref.txt"), "-i", Path.Combine(dir, "hyp.txt"), "-w", "-3");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("-w -3: the width is the number of decimals printed (give 0 or more", r.Stderr);
    }

    [Fact]
    public void A_missing_positional_value_is_named()
    {
        var r = CliRunner.Run("md", "check");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("PATH missing: give at least one", r.Stderr);
        Assert.DoesNotContain("few items", r.Stderr);
    }

    [Fact]
    public void Evaluate_dry_run_prices_without_bucket_or_role()
    {
        var r = CliRunner.Run(
            "evaluate",
            "--source",
            english,
            "--target",
            chinese,
            "--lang",
            "zh",
            "--out",
            TestData.TempDir(),
            "--dry-run"
        );
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("cost estimate:", r.Stdout);
    }
}
