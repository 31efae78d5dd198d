using Amts.Bot.Alignment;
using Amts.Bot.Infrastructure;
using Amts.Bot.Sync;
using Amts.Bot.Sync.Run;

namespace Amts.Bot.Tests.Sync;

/// <summary>Issue 18: the output check is the last word of a real sync. A plan damaged on purpose after planning (as a
/// planner bug would damage it) is stopped before anything is written: the file, its _origin.md and its state entry
/// stay as they were, and the report and the pull-request text name the file and the finding.</summary>
[Trait("Category", "Integration")]
public class OutputVerifierSyncTests
{
    const string Concise = "chapter_linear-networks/linear-regression-concise.md";

    /// <summary>Removes one human line that no change of the plan touches (a stray edit, owned by change 0).</summary>
    static FilePlan RemoveAnUntouchedLine(FilePlan plan)
    {
        if (plan.TargetPath != Concise || plan.Edits.Count == 0)
            return plan;
        var text = plan.OriginalTarget;
        var lines = text.Split('\n');
        var touched = plan.Changes.Where(c => c.Target is { }).Select(c => c.Target!.Value).ToList();
        int offset = 0;
        for (int i = 0; i < lines.Length; offset += lines[i].Length + 1, i++)
        {
            int line = i + 1;
            if (lines[i].Trim().Length < 10 || touched.Any(r => line >= r.First - 1 && line <= r.Last + 1))
                continue;
            if (plan.Edits.Any(e => e.Start <= offset + lines[i].Length && e.End >= offset))
                continue;
            return plan with { Edits = [.. plan.Edits, new TextEdit(offset, lines[i].Length + 1, [], 0)] };
        }
        throw new InvalidOperationException("no untouched line found");
    }

    [Fact]
    public async Task A_damaging_plan_is_stopped_and_the_file_is_held_with_its_finding()
    {
        var en = TestData.FreshClone("d2l-en");
        var zh = TestData.FreshClone("d2l-zh");
        var gitEn = new GitCli(en);
        // The real commit that rewrote two sentences of linear-regression-concise.md.
        var commit = gitEn.Run("log", "--format=%H", "--", Concise).Split('\n', StringSplitOptions.RemoveEmptyEntries)[
            0
        ];
        var before = File.ReadAllText(Path.Combine(zh, Concise));
        var origin = File.ReadAllText(Path.Combine(zh, Book.OriginPathOf(Concise)));
        var options = new SyncOptions
        {
            Source = en,
            Target = zh,
            Language = "zh",
            From = commit + "^",
            To = commit,
            Commit = true,
        };

        // Undamaged, the same range writes the file (the check lets a faithful sync through).
        var control = TestData.FreshClone("d2l-zh");
        var clean = await new SyncRunner(null).RunAsync(options with { Target = control });
        Assert.Equal(FileStatus.Modified, clean.Files.Single(f => f.TargetPath == Concise).Status);
        Assert.NotEqual(before, File.ReadAllText(Path.Combine(control, Concise)));

        var report = await new SyncRunner(null) { AfterPlanning = RemoveAnUntouchedLine }.RunAsync(options);
        var file = report.Files.Single(f => f.TargetPath == Concise);
        Assert.Equal(FileStatus.Held, file.Status);
        Assert.Contains(file.Findings, f =>
            f.Kind == FindingKind.OutputCheck && f.Message.StartsWith("human lines:", StringComparison.Ordinal)
        );
        Assert.All(file.Changes, c => Assert.True(c.Change.NeedsReview));
        Assert.Equal(before, File.ReadAllText(Path.Combine(zh, Concise)));
        Assert.Equal(origin, File.ReadAllText(Path.Combine(zh, Book.OriginPathOf(Concise))));
        var state = SyncState.Read(zh);
        Assert.NotNull(state);
        Assert.False(state.Files.ContainsKey(Concise));
        // The pull request says so in plain words: the file, "held by the output check", the rule and the human line.
        var body = ReportFiles.PullRequestMarkdown(Amts.Cli.Commands.SyncCommand.PullRequestText(report));
        Assert.Contains(Concise, body);
        Assert.Contains("held by the output check (human lines)", body);
        Assert.True(report.Totals.Reviews >= 1);
    }
}
