using System.Diagnostics;
using System.Text.Json;
using Amts.Bot.Tests.Fakes;

namespace Amts.Bot.Tests.Publishing;

/// <summary><c>amts action</c> as the container runs it: a process with INPUT_*, GITHUB_EVENT_PATH (a push payload),
/// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY, against the fake GitHub API and a bare repository as d2l-zh.</summary>
[Trait("Category", "Integration")]
public sealed class ActionEntryPointTests : ActionFixture
{
    (int Code, string Stdout) RunAction(string config, string? runnerTemp = null)
    {
        Directory.CreateDirectory(Path.Combine(workspace, ".github"));
        File.WriteAllText(Path.Combine(workspace, ".github", "amts.yml"), config);
        var eventPath = Path.Combine(runner, "event.json");
        File.WriteAllText(
            eventPath,
            JsonSerializer.Serialize(
                new
                {
                    @ref = "refs/heads/master",
                    before = Commit(21),
                    after = Commit(23),
                    created = false,
                    deleted = false,
                    forced = false,
                    repository = new { full_name = "d2l-ai/d2l-en", default_branch = "master" },
                    pusher = new { name = "astonzhang" },
                    head_commit = new { id = Commit(23), message = "General typo fixes (#2161)" },
                }
            )
        );
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "amts.dll"));
        psi.ArgumentList.Add("action");
        var env = new Dictionary<string, string>
        {
            ["INPUT_GITHUB_TOKEN"] = FakeGitHub.Token,
            ["INPUT_CONFIG"] = ".github/amts.yml",
            ["INPUT_LANGUAGE"] = "",
            ["INPUT_ENGINE"] = "",
            ["INPUT_DRY_RUN"] = "false",
            ["GITHUB_WORKSPACE"] = workspace,
            ["GITHUB_EVENT_PATH"] = eventPath,
            ["GITHUB_EVENT_NAME"] = "push",
            ["GITHUB_SHA"] = Commit(23),
            ["GITHUB_REPOSITORY"] = "d2l-ai/d2l-en",
            ["GITHUB_SERVER_URL"] = git.Url.ToString(),
            ["GITHUB_API_URL"] = github.ApiUrl.ToString(),
            ["GITHUB_OUTPUT"] = Path.Combine(runner, "output"),
            ["GITHUB_STEP_SUMMARY"] = Path.Combine(runner, "summary.md"),
            ["RUNNER_TEMP"] = runnerTemp ?? runner,
        };
        foreach (var (k, v) in env)
            psi.Environment[k] = v;
        // A runner's container has no git identity: neither global nor system configuration (the bot must bring its
        // own).
        psi.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        psi.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        foreach (
            var k in new[]
            {
                "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY",
                "AWS_SESSION_TOKEN",
                "AWS_PROFILE",
                "AWS_REGION",
                "AWS_DEFAULT_REGION",
            }
        )
            psi.Environment.Remove(k);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), "the action did not finish");
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    [Fact]
    public void The_action_reads_its_environment_opens_the_pr_and_writes_outputs_and_summary()
    {
        var (code, output) = RunAction(
            "languages:\n  - code: zh\n    repository: d2l-ai/d2l-zh\n    labels: [translation]\n"
        );
        Assert.True(code == 0, output);
        var lines = output.Split('\n');
        Assert.Equal($"::add-mask::{FakeGitHub.Token}", lines[0]);
        Assert.Contains("::group::zh (d2l-ai/d2l-zh)", lines);
        Assert.Contains("::endgroup::", lines);
        Assert.Single(github.Pulls);
        var results = File.ReadAllText(Path.Combine(runner, "output"));
        Assert.Matches(
            @"^results<<amts_[0-9a-f]{32}\n\[\{""language"":""zh"","
                + @"""repository"":""d2l-ai/d2l-zh"",""operation"":""created"",""pr_number"":1,",
            results
        );
        Assert.Contains("| zh | d2l-ai/d2l-zh | created | [#1](", File.ReadAllText(Path.Combine(runner, "summary.md")));
    }

    [Fact]
    public void A_broken_configuration_is_annotated_on_its_lines_and_fails()
    {
        var (code, output) = RunAction("languages:\n  - code: zh\n    repository: d2l-ai/d2l-zh\n    engine: google\n");
        Assert.Equal(1, code);
        Assert.Contains(
            "::error title=amts configuration,file=.github/amts.yml,line=4,col=13::unknown engine 'google' (memory, "
                + "apertium or aws)",
            output
        );
        Assert.Empty(github.Pulls);
        // The error is in the language's own entry: that language fails (with an outcome), nothing is opened.
        Assert.Matches(
            @"^results<<amts_[0-9a-f]{32}\n\[\{""language"":""zh"","
                + @"""repository"":""d2l-ai/d2l-zh"",""operation"":""failed""",
            File.ReadAllText(Path.Combine(runner, "output"))
        );
        Assert.Contains("| zh | d2l-ai/d2l-zh | failed |", File.ReadAllText(Path.Combine(runner, "summary.md")));
    }

    [Fact]
    public void One_misconfigured_language_among_three_the_others_run_outputs_summary_and_annotations_are_written()
    {
        // pt: a repository that does not exist on GitHub; ko: on GitHub, but no git repository behind it.
        github.Repos["d2l-ai/d2l-ko"] = "master";
        var (code, output) = RunAction(
            "languages:\n  - code: pt\n    repository: d2l-ai/d2l-pt\n"
                + "  - code: ko\n    repository: d2l-ai/d2l-ko\n  - code: zh\n    repository: d2l-ai/d2l-zh\n"
        );
        Assert.Equal(1, code);
        Assert.Single(github.Pulls);
        var results = System.Text.Json.JsonDocument.Parse(
            System
                .Text.RegularExpressions.Regex.Match(
                    File.ReadAllText(Path.Combine(runner, "output")),
                    @"results<<(\w+)\n(.*)\n\1",
                    System.Text.RegularExpressions.RegexOptions.Singleline
                )
                .Groups[2]
                .Value
        );
        var ops = results
            .RootElement.EnumerateArray()
            .Select(e => (e.GetProperty("language").GetString(), e.GetProperty("operation").GetString()))
            .ToList();
        Assert.Equal([("pt", "failed"), ("ko", "failed"), ("zh", "created")], ops);
        Assert.Contains("::error title=amts pt::", output);
        Assert.Contains("::error title=amts ko::", output);
        var summary = File.ReadAllText(Path.Combine(runner, "summary.md"));
        Assert.Contains("| pt | d2l-ai/d2l-pt | failed |", summary);
        Assert.Contains("| zh | d2l-ai/d2l-zh | created | [#1](", summary);
        Assert.Contains("report_dir<<", File.ReadAllText(Path.Combine(runner, "output")));
        Assert.True(File.Exists(Path.Combine(runner, "amts-report", "zh", "pr.md")));
    }

    /// <summary>Issue 10: one language with engine aws and no region crashed the whole action (exit 134, empty outputs,
    /// the next language never tried). It is a configuration error on its line and column, and that language alone
    /// fails.</summary>
    [Fact]
    public void An_aws_language_without_a_region_fails_alone_with_its_line_and_column_and_the_others_run()
    {
        github.Repos["d2l-ai/d2l-ko"] = "master";
        var (code, output) = RunAction(
            "languages:\n  - code: ko\n    repository: d2l-ai/d2l-ko\n    engine: aws\n    aws:\n      terminology: "
                + "terms\n"
                + "  - code: zh\n    repository: d2l-ai/d2l-zh\n"
        );
        Assert.Equal(1, code);
        Assert.Single(github.Pulls);
        Assert.True(
            output.Contains(
                "::error title=amts configuration,file=.github/amts.yml,line=6,col=7::engine aws needs aws.region",
                StringComparison.Ordinal
            ),
            output
        );
        var results = System.Text.Json.JsonDocument.Parse(
            System
                .Text.RegularExpressions.Regex.Match(
                    File.ReadAllText(Path.Combine(runner, "output")),
                    @"results<<(\w+)\n(.*)\n\1",
                    System.Text.RegularExpressions.RegexOptions.Singleline
                )
                .Groups[2]
                .Value
        );
        var ops = results
            .RootElement.EnumerateArray()
            .Select(e => (e.GetProperty("language").GetString(), e.GetProperty("operation").GetString()))
            .ToList();
        Assert.Equal([("ko", "failed"), ("zh", "created")], ops);
        var summary = File.ReadAllText(Path.Combine(runner, "summary.md"));
        Assert.Contains("| ko | d2l-ai/d2l-ko | failed |", summary);
        Assert.Contains("| zh | d2l-ai/d2l-zh | created | [#1](", summary);
    }

    /// <summary>A docker action is given RUNNER_TEMP's name but not the folder (the runner mounts the workspace, HOME,
    /// the workflow and file-command folders, not RUNNER_TEMP): the report goes into the workspace, and report_dir is
    /// relative to it, so that actions/upload-artifact in a later step (on the host) finds it.</summary>
    [Fact]
    public void In_a_container_without_runner_temp_the_report_is_written_to_the_workspace_for_upload()
    {
        var (code, output) = RunAction(
            "languages:\n  - code: zh\n    repository: d2l-ai/d2l-zh\n",
            runnerTemp: "/home/runner/work/_temp"
        );
        Assert.True(code == 0, output);
        Assert.True(File.Exists(Path.Combine(workspace, "amts-report", "zh", "pr.md")));
        Assert.True(File.Exists(Path.Combine(workspace, "amts-report", "zh", "report.json")));
        Assert.Matches(@"(^|\n)report_dir<<(\w+)\namts-report\n\2\n", File.ReadAllText(Path.Combine(runner, "output")));
    }
}
