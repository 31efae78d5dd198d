namespace Amts.Bot.Tests.Cli;

[Trait("Category", "Integration")]
public class DemoTests
{
    /// <summary>The README's first command, as a newcomer runs it from the repository root.</summary>
    [Fact]
    public void The_readme_demo_syncs_the_bundled_excerpt()
    {
        var work = Path.Combine(TestData.TempDir(), "demo");
        var r = CliRunner.Run("demo", "--examples", Path.Combine(TestData.RepoRoot, "examples"), "--work", work);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Matches(@"^synced [0-9a-f]{10}\.\.[0-9a-f]{10} into zh: 4 file\(s\), \d+ change\(s\)", r.Stdout);
        Assert.True(File.Exists(Path.Combine(work, "report", "pr.md")));
        Assert.True(File.Exists(Path.Combine(work, "d2l-zh", ".amts", "state.json")));
        var readme = File.ReadAllText(Path.Combine(TestData.RepoRoot, "README.md"));
        Assert.Contains("dotnet run --project src/Amts.Cli -- demo\n", readme);
        Assert.Contains("dotnet test Amts.Bot.sln\n", readme);
    }

    /// <summary>Issue 18: the demo's report says needsReview for every change the totals count (3 changes with
    /// sentences left in English said false), and every item of its pr.md names a line or says why there is
    /// none.</summary>
    [Fact]
    public void Every_review_item_of_the_demo_is_counted_and_actionable()
    {
        var work = Path.Combine(TestData.TempDir(), "demo");
        Assert.Equal(
            0,
            CliRunner.Run("demo", "--examples", Path.Combine(TestData.RepoRoot, "examples"), "--work", work).ExitCode
        );
        var json = System
            .Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(work, "report", "report.json")))
            .RootElement;
        var files = json.GetProperty("files").EnumerateArray().ToList();
        int flagged =
            files.Sum(f =>
                f.GetProperty("changes").EnumerateArray().Count(c => c.GetProperty("needsReview").GetBoolean())
            ) + files.Count(f => f.GetProperty("status").GetString() is "missing" or "failed");
        Assert.Equal(json.GetProperty("totals").GetProperty("reviews").GetInt32(), flagged);
        foreach (var c in files.SelectMany(f => f.GetProperty("changes").EnumerateArray()))
            if (c.GetProperty("untranslated").GetArrayLength() > 0)
                Assert.True(c.GetProperty("needsReview").GetBoolean());
        // pr.md is the action's body (issue 20): each item links to its line in the pull request, or says why not.
        var pr = File.ReadAllText(Path.Combine(work, "report", "pr.md"));
        var start = pr.IndexOf("### Needs review", StringComparison.Ordinal);
        Assert.True(start >= 0, pr);
        var end = pr.IndexOf("\n### ", start + 1, StringComparison.Ordinal);
        var items = pr[start..(end < 0 ? pr.Length : end)]
            .Split('\n')
            .Where(l => l.StartsWith("- ", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(json.GetProperty("totals").GetProperty("reviews").GetInt32(), items.Count);
        Assert.All(items, i =>
            Assert.Matches(
                @"^- (\[lines? "
                    + @"\d+(–\d+)?\]\(https://github\.com/d2l-ai/d2l-zh/pull/1/files#diff-[0-9a-f]{64}R\d+\)|\(no "
                    + @"line: )",
                i
            )
        );
    }
}
