namespace Amts.Bot.Tests.Publishing;

/// <summary>What GitHub requires of a container action, checked in the files (no Docker engine runs here).</summary>
[Trait("Category", "Unit")]
public class PackagingTests
{
    static string Read(string path) => File.ReadAllText(Path.Combine(TestData.RepoRoot, path));

    [Fact]
    public void The_action_runs_the_dockerfile_and_its_inputs_use_underscores()
    {
        var action = Read("action.yml");
        Assert.Contains("runs:\n  using: docker\n  image: Dockerfile\n", action);
        var inputs = System.Text.RegularExpressions.Regex.Matches(action, @"^  ([a-z0-9_-]+):\n    description:", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("github_token", inputs);
        Assert.All(inputs, i => Assert.DoesNotContain("-", i)); // sh drops environment variables with hyphens
    }

    [Fact]
    public void The_dockerfile_is_multi_stage_with_git_and_an_exec_form_entrypoint()
    {
        var lines = Read("Dockerfile").Split('\n').Where(l => !l.TrimStart().StartsWith('#')).ToList();
        var froms = lines.Where(l => l.StartsWith("FROM ")).ToList();
        Assert.Equal(2, froms.Count);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", froms[0]);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/runtime:10.0", froms[1]);
        var runtime = string.Join("\n", lines.SkipWhile(l => l != froms[1]));
        Assert.Contains("git ca-certificates", runtime);
        Assert.Contains("safe.directory /github/workspace", runtime);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/app/amts.dll\", \"action\"]", runtime);
        Assert.DoesNotContain(lines, l => l.StartsWith("USER ") || l.StartsWith("WORKDIR "));
    }

    [Fact]
    public void The_example_workflow_has_a_matrix_a_language_choice_and_a_concurrency_group()
    {
        var wf = Read("examples/workflows/d2l-en-sync.yml");
        Assert.Contains("workflow_dispatch:", wf);
        Assert.Contains("type: choice", wf);
        Assert.Contains("fail-fast: false", wf);
        Assert.Contains("group: amts-sync-${{ matrix.language }}", wf);
        Assert.Contains("aws-actions/configure-aws-credentials", wf);
        Assert.Contains("id-token: write", wf);
    }
}
