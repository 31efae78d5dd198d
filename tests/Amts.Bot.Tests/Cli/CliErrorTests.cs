using Amts.Bot.Infrastructure;

namespace Amts.Bot.Tests.Cli;

/// <summary>CliApp.Run is the one error boundary: every failure is one line naming the verb and what to do, with a
/// documented exit code, and no stack trace unless --debug.</summary>
[Trait("Category", "Integration")]
public class CliErrorTests
{
    /// <summary>A path whose parent is a regular file: no one can create it, not even root (the tests run as
    /// root).</summary>
    static string Unwritable()
    {
        var file = Path.Combine(TestData.TempDir(), "a-file");
        File.WriteAllText(file, "not a folder\n");
        return Path.Combine(file, "out");
    }

    static void AssertOneCleanLine(CliResult r, string prefix)
    {
        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(prefix, line);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void An_unwritable_report_folder_is_a_clear_error_before_the_target_is_touched()
    {
        var en = TestData.FreshClone("d2l-en");
        var zh = TestData.FreshClone("d2l-zh");
        var report = Unwritable();
        var r = CliRunner.Run(
            "sync",
            "--source",
            en,
            "--target",
            zh,
            "--lang",
            "zh",
            "--from",
            "HEAD~3",
            "--report",
            report
        );
        AssertOneCleanLine(r, $"amts: sync: --report {report}: cannot write there:");
        Assert.Contains("pass --report a folder you can write to", r.Stderr);
        Assert.Equal("", new GitCli(zh).Run("status", "--porcelain"));
    }

    [Fact]
    public void An_unwritable_extract_out_folder_is_a_clear_error()
    {
        var outDir = Unwritable();
        var r = CliRunner.Run(
            "extract",
            "--source",
            TestData.EnglishRepo + "@HEAD",
            "--target",
            TestData.ChineseRepo,
            "--target-lang",
            "zh",
            "--out",
            outDir
        );
        AssertOneCleanLine(r, $"amts: extract: --out {outDir}: cannot write there:");
    }

    [Fact]
    public void Md_check_history_on_a_repository_with_a_missing_blob_is_a_clear_error()
    {
        var repo = TestData.TempDir();
        var git = new GitCli(repo);
        git.Run("init", "-q");
        File.WriteAllText(Path.Combine(repo, "a.md"), "# A\n\nText.\n");
        File.WriteAllText(Path.Combine(repo, "b.md"), "# B\n");
        git.Run("add", ".");
        git.Run("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "two files");
        var blob = git.Run("rev-parse", "HEAD:a.md").Trim();
        File.Delete(Path.Combine(repo, ".git", "objects", blob[..2], blob[2..])); // loose objects: one file per object

        var r = CliRunner.Run("md", "check", "--history", repo);
        AssertOneCleanLine(r, "amts: md check: ");
        Assert.Contains(blob[..7], r.Stderr);
    }

    [Fact]
    public void Debug_adds_the_stack_trace()
    {
        var r = CliRunner.Run("--debug", "md", "check", "/nonexistent/x.md");
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("amts: md check: /nonexistent/x.md: no such file or directory", r.Stderr);
        Assert.Contains("   at ", r.Stderr);
    }
}
