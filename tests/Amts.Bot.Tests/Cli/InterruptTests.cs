using System.Diagnostics;
using Amts.Bot.Publishing;

namespace Amts.Bot.Tests.Cli;

/// <summary>Issue 20, item 5: Ctrl-C exited without a word and left temporary files until the next run. The first
/// SIGINT says it is stopping; the run stops before writing, puts the target back, says it stopped, exits 130.</summary>
[Trait("Category", "Integration")]
public sealed class InterruptTests
{
    [Fact]
    public void Ctrl_c_says_it_stopped_and_leaves_the_target_as_it_was()
    {
        var english = TestData.FreshClone("d2l-en");
        var chinese = TestData.FreshClone("d2l-zh");
        var git = new GitCli(chinese);
        var head = git.Run("rev-parse", "HEAD").Trim();
        var first = new GitCli(english).Run("rev-list", "--max-parents=0", "HEAD").Trim();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "amts.dll"), "sync", "--source", english, "--target", chinese, "--lang", "zh",
                     "--from", first, "--to", "HEAD", "--commit" })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Thread.Sleep(TimeSpan.FromSeconds(3)); // past start-up, inside the sync (the whole book takes far longer)
        Assert.False(p.HasExited, "the sync ended before it could be interrupted: " + stdout.Result + stderr.Result);
        using (var kill = Process.Start("kill", ["-INT", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)), "the sync did not stop after Ctrl-C");
        var err = stderr.Result;
        Assert.True(p.ExitCode == 130, $"exit {p.ExitCode}: {err}");
        Assert.Contains("amts: stopping (Ctrl-C)", err);
        Assert.Contains("amts: sync: stopped (Ctrl-C): nothing more was written", err);
        Assert.Equal("", stdout.Result);
        Assert.Equal(head, git.Run("rev-parse", "HEAD").Trim());
        Assert.Equal("master", git.Run("rev-parse", "--abbrev-ref", "HEAD").Trim());
        Assert.Equal("", git.Run("status", "--porcelain", "--ignored", "--untracked-files=all"));
        Assert.Empty(Directory.EnumerateFiles(chinese, "*.amts-tmp", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }));
    }
}
