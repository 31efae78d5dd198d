using System.Diagnostics;
using Amts.Bot.Infrastructure;

namespace Amts.Bot.Tests.Cli;

/// <summary>
/// Ctrl-C on <c>amts sync</c> (issue 20: it exited without a word and left its temporary files until the next run).
/// Under xUnit <c>Console.CancelKeyPress</c> does not fire in process, so the real CLI runs as a child process on a
/// real range of the real books, in a session of its own with SIGINT at its default disposition (as in a terminal;
/// a background job of a non-interactive shell starts with SIGINT ignored, and a child inherits that). SIGINT goes
/// to the child's whole process group, as a terminal's Ctrl-C does, so the git processes the run started get it too.
/// The signal is sent once the run is observably at work (never after a sleep): on the target's sync branch, or with
/// git reading the English revisions.
/// </summary>
[Trait("Category", "Integration")]
public class InterruptTests
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    static string En => TestData.EnglishRepo;

    static string First => new GitCli(En).Run("rev-list", "--max-parents=0", "HEAD").Trim();

    static string[] SyncArgs(string target, string? revisions = null) =>
        [
            "sync",
            "--source",
            En,
            "--target",
            target,
            "--lang",
            "zh",
            "--from",
            First,
            "--commit",
            .. revisions != null ? new[] { "--english-revisions", revisions } : [],
        ];

    sealed record Child(Process Process, Task<string> Stdout, Task<string> Stderr) : IDisposable
    {
        public void Dispose() => Process.Dispose();
    }

    /// <summary>The CLI in a new session (setsid execs in place: its pid is the group's id), SIGINT at its default
    /// disposition (env --default-signal), its temporary folder <paramref name="temp"/>.</summary>
    static Child Start(string temp, IEnumerable<string> args)
    {
        var dotnet = CliRunner.DotnetHost;
        var psi = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (
            var a in new[] { "env", "--default-signal=INT", dotnet, Path.Combine(AppContext.BaseDirectory, "amts.dll") }
        )
            psi.ArgumentList.Add(a);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["TMPDIR"] = temp;
        var p = Process.Start(psi)!;
        return new Child(p, p.StandardOutput.ReadToEndAsync(), p.StandardError.ReadToEndAsync());
    }

    /// <summary>Ctrl-C as a terminal sends it: SIGINT to the child's process group.</summary>
    static void CtrlC(Child child)
    {
        var stat = File.ReadAllText($"/proc/{child.Process.Id}/stat");
        var group = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[2]; // state, ppid, pgrp
        Assert.True(group == child.Process.Id.ToString(), $"the child is not its group's leader (group {group})");
        using var kill = Process.Start("kill", ["-INT", "--", "-" + child.Process.Id])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    static void WaitUntil(Func<bool> condition, Child child, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (child.Process.HasExited)
                Assert.Fail($"the run ended (exit {child.Process.ExitCode}) before {what}");
            Assert.True(clock.Elapsed < Patience, $"no {what} after {Patience}");
            Thread.Sleep(20);
        }
    }

    static async Task<CliResult> FinishAsync(Child child)
    {
        using var patience = new CancellationTokenSource(Patience);
        await child.Process.WaitForExitAsync(patience.Token); // throws when the run does not stop after Ctrl-C
        return new CliResult(child.Process.ExitCode, await child.Stdout, await child.Stderr);
    }

    /// <summary>The target as before the run: the same HEAD on master, a clean tree, no sync branch, no journal, no
    /// file of the run beside the translation's; and nothing of the run in its temporary folder.</summary>
    static void AssertAsBefore(string target, string head, string temp)
    {
        var git = new GitCli(target);
        Assert.Equal(head, git.Run("rev-parse", "HEAD").Trim());
        Assert.Equal("master", git.Run("symbolic-ref", "--short", "HEAD").Trim());
        Assert.Equal("", git.Run("status", "--porcelain", "--untracked-files=all").Trim());
        Assert.Equal("", git.Run("branch", "--list", "amts/*").Trim());
        Assert.False(Directory.Exists(Path.Combine(target, ".git", "amts-journal")), "the journal is left");
        Assert.Empty(Directory.EnumerateFiles(target, "*.amts-tmp", SearchOption.AllDirectories));
        // The .NET runtime's own diagnostic pipes are not the run's files (and go with the process).
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(temp).Select(Path.GetFileName), n =>
            !n!.StartsWith("clr-debug-pipe-") && !n.StartsWith("dotnet-diagnostic-")
        );
    }

    [Fact]
    public async Task Ctrl_C_during_a_sync_says_it_stopped_and_puts_the_target_and_the_temporary_files_back()
    {
        var zh = TestData.FreshClone("d2l-zh");
        var head = new GitCli(zh).Run("rev-parse", "HEAD").Trim();
        var temp = TestData.TempDir();
        using var child = Start(temp, SyncArgs(zh, TestData.Bundle("d2l-en-releases")));
        // At work: the releases cloned into the temporary folder, the target switched onto the sync branch, the
        // planning of 37 files (seconds of work) under way.
        WaitUntil(
            () => File.ReadAllText(Path.Combine(zh, ".git", "HEAD")).Trim() == "ref: refs/heads/amts/sync-zh",
            child,
            "switch onto amts/sync-zh"
        );
        Assert.NotEmpty(Directory.EnumerateDirectories(temp, "amts-english-*"));
        CtrlC(child);

        var r = await FinishAsync(child);
        Assert.True(r.ExitCode == 130, $"exit {r.ExitCode}: {r.Stderr}{r.Stdout}"); // 128 + SIGINT, as a shell says
        Assert.Contains("amts: stopping (Ctrl-C)", r.Stderr);
        Assert.Contains("amts: sync: stopped (Ctrl-C): nothing more was written", r.Stderr);
        Assert.Equal("", r.Stdout);
        AssertAsBefore(zh, head, temp);
    }

    /// <summary>Ctrl-C while a git process of the run is at work: git dies of the same SIGINT, and that is the stop,
    /// not a failure of git. The work is the target's post-checkout hook (as git-lfs installs one), run by the switch
    /// onto the sync branch; it says it started and waits (the first time), so git is certainly at work when the
    /// signal comes.</summary>
    [Fact]
    public async Task Ctrl_C_while_git_works_is_reported_as_the_stop_not_as_the_failure_of_git()
    {
        var zh = TestData.FreshClone("d2l-zh");
        var head = new GitCli(zh).Run("rev-parse", "HEAD").Trim();
        var temp = TestData.TempDir();
        var started = Path.Combine(TestData.TempDir(), "hook-started");
        var hook = Path.Combine(zh, ".git", "hooks", "post-checkout");
        // Only the first checkout waits (the run's switch); putting the target back checks out again.
        File.WriteAllText(hook, $"#!/bin/sh\n[ -e '{started}' ] && exit 0\n: > '{started}'\nexec sleep 300\n");
        Process.Start("chmod", ["+x", hook])!.WaitForExit();
        using var child = Start(temp, SyncArgs(zh));
        WaitUntil(() => File.Exists(started), child, "the post-checkout hook started");
        CtrlC(child);

        var r = await FinishAsync(child);
        Assert.True(r.ExitCode == 130, $"exit {r.ExitCode}: {r.Stderr}{r.Stdout}");
        Assert.Contains("amts: sync: stopped (Ctrl-C)", r.Stderr);
        Assert.DoesNotContain("git", r.Stderr);
        AssertAsBefore(zh, head, temp);
    }
}
