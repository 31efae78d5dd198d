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
}
