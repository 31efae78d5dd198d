namespace Amts.Bot.Tests.Publishing;

/// <summary>What GitHub requires of a container action, checked in the files (no Docker engine runs here).</summary>
[Trait("Category", "Unit")]
public class PackagingTests
{
    static string Read(string path) => File.ReadAllText(Path.Combine(TestData.RepoRoot, path));

    [Fact]
    public void The_action_runs_the_prebuilt_image_and_its_inputs_use_underscores()
    {
        var action = Read("action.yml");
        Assert.Matches(@"runs:\n  using: docker\n(  #.*\n)*  image: docker://ghcr\.io/[\w-]+/amts-bot:v1\n", action);
        foreach (var output in new[] { "results", "pr_numbers", "report_dir" })
            Assert.Contains($"\n  {output}:\n", action);
        var inputs = System
            .Text.RegularExpressions.Regex.Matches(
                action,
                @"^  ([a-z0-9_-]+):\n    description:",
                System.Text.RegularExpressions.RegexOptions.Multiline
            )
            .Select(m => m.Groups[1].Value)
            .ToList();
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
        Assert.Contains("git ca-certificates apertium apertium-eng-spa", runtime);
        var build = string.Join("\n", lines.TakeWhile(l => l != froms[1]));
        // Restore in its own layer: only the project files are copied before it, the sources after.
        Assert.True(
            build.IndexOf("RUN dotnet restore", StringComparison.Ordinal)
                < build.IndexOf("COPY src/ src/", StringComparison.Ordinal)
        );
        Assert.DoesNotContain("COPY . ", build);
        Assert.Contains("safe.directory /github/workspace", runtime);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/app/amts.dll\", \"action\"]", runtime);
        // GitHub's rule for the image it runs
        Assert.DoesNotContain(runtime.Split('\n'), l => l.StartsWith("USER ") || l.StartsWith("WORKDIR "));
    }

    [Fact]
    public void The_build_context_holds_only_the_sources_and_a_release_pushes_versioned_tags()
    {
        var ignore = Read(".dockerignore").Split('\n').Select(l => l.Trim()).ToList();
        Assert.Equal("**", ignore.First(l => l.Length > 0 && !l.StartsWith('#')));
        Assert.Contains("!src/**", ignore);
        Assert.DoesNotContain(ignore, l => l.StartsWith("!tests", StringComparison.Ordinal));
        var release = Read(".github/workflows/release.yml");
        Assert.Contains("tags: [\"v[0-9]+\", \"v[0-9]+.[0-9]+.[0-9]+\"]", release);
        Assert.Contains("images: ghcr.io/${{ github.repository_owner }}/amts-bot", release);
        Assert.Contains("packages: write", release);
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
        Assert.Contains("actions/upload-artifact", wf);
        // Every language the dispatch offers is configured in the example configuration.
        var offered = System
            .Text.RegularExpressions.Regex.Match(wf, @"options: \[([^\]]*)\]")
            .Groups[1]
            .Value.Split(',')
            .Select(x => x.Trim());
        var configured = System
            .Text.RegularExpressions.Regex.Matches(Read("examples/amts.yml"), @"- code: (\S+)")
            .Select(m => m.Groups[1].Value)
            .ToList();
        Assert.All(offered, l => Assert.Contains(l, configured));
    }
}
