using System.Text.Json;
using Amts.Bot.Tests.Fakes;
using Amts.Cli.Commands;

namespace Amts.Bot.Tests.Publishing;

/// <summary>
/// Issue 20, item 1: the action's inputs read as GitHub's toolkit reads them. <c>dry_run: True</c> or <c>TRUE</c> is a
/// dry run (nothing pushed, no pull request), <c>false</c> a real run; <c>yes</c>, <c>1</c>, <c>on</c>, an empty value,
/// an engine or a timeout out of range, a language that is not configured: an error annotation naming the input,
/// and not one request to GitHub nor to the git server.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ActionInputsTests : ActionFixture
{
    const string Config = "languages:\n  - code: zh\n    repository: d2l-ai/d2l-zh\n    labels: [translation]\n";

    (int Code, string Stdout) Run(params (string Name, string Value)[] inputs)
    {
        Directory.CreateDirectory(Path.Combine(workspace, ".github"));
        File.WriteAllText(Path.Combine(workspace, ".github", "amts.yml"), Config);
        var eventPath = Path.Combine(runner, "event.json");
        File.WriteAllText(
            eventPath,
            JsonSerializer.Serialize(
                new
                {
                    before = Commit(21),
                    after = Commit(23),
                    forced = false,
                }
            )
        );
        var env = new Dictionary<string, string?>
        {
            ["INPUT_GITHUB_TOKEN"] = FakeGitHub.Token,
            ["INPUT_CONFIG"] = ".github/amts.yml",
            ["INPUT_LANGUAGE"] = "",
            ["INPUT_ENGINE"] = "",
            ["INPUT_DRY_RUN"] = "false",
            ["INPUT_LANGUAGE_TIMEOUT_MINUTES"] = "60",
            ["GITHUB_WORKSPACE"] = workspace,
            ["GITHUB_EVENT_PATH"] = eventPath,
            ["GITHUB_SHA"] = Commit(23),
            ["GITHUB_REPOSITORY"] = "d2l-ai/d2l-en",
            ["GITHUB_SERVER_URL"] = git.Url.ToString(),
            ["GITHUB_API_URL"] = github.ApiUrl.ToString(),
            ["GITHUB_OUTPUT"] = Path.Combine(runner, "output"),
            ["GITHUB_STEP_SUMMARY"] = Path.Combine(runner, "summary.md"),
            ["RUNNER_TEMP"] = runner,
        };
        foreach (var (name, value) in inputs)
            env["INPUT_" + name.ToUpperInvariant()] = value;
        var stdout = new StringWriter();
        int code = ActionCommand.Run(new ActionOptions(), stdout, new StringWriter(), env);
        return (code, stdout.ToString());
    }

    bool RemoteHas(string branch) => git.Git("d2l-ai/d2l-zh").TryRun(out _, "rev-parse", "--verify", "-q", branch) == 0;

    // Every spelling is parsed in ActionInputsParseTests (Unit); one run for each answer is enough here.
    [Theory]
    [InlineData(" True ")]
    public void Dry_run_spelled_as_GitHubs_toolkit_reads_true_pushes_nothing(string value)
    {
        var (code, output) = Run(("dry_run", value));
        Assert.True(code == 0, output);
        Assert.Contains("dry run: would push amts/sync-zh", output);
        Assert.Empty(github.Pulls);
        Assert.False(RemoteHas("amts/sync-zh"), "a dry run pushed the sync branch");
        Assert.False(RemoteHas("refs/notes/amts"), "a dry run pushed the notes");
        Assert.DoesNotContain(github.Requests, r =>
            r.StartsWith("POST", StringComparison.Ordinal) || r.StartsWith("PATCH", StringComparison.Ordinal)
        );
    }

    [Theory]
    [InlineData("FALSE")]
    public void Dry_run_false_is_a_real_run(string value)
    {
        var (code, output) = Run(("dry_run", value));
        Assert.True(code == 0, output);
        Assert.Single(github.Pulls);
        Assert.True(RemoteHas("amts/sync-zh"));
    }

    [Theory]
    [InlineData("dry_run", "yes")]
    [InlineData("dry_run", "1")]
    [InlineData("dry_run", "on")]
    [InlineData("dry_run", "")]
    [InlineData("dry_run", "tRUE")]
    [InlineData("language_timeout_minutes", "0")]
    [InlineData("language_timeout_minutes", "-5")]
    [InlineData("language_timeout_minutes", "ten")]
    [InlineData("language_timeout_minutes", "100000")]
    [InlineData("engine", "google")]
    [InlineData("language", "xx")]
    [InlineData("config", "../elsewhere.yml")]
    [InlineData("from", "--upload-pack=evil")]
    [InlineData("from", "v0.16.2 HEAD")]
    public void A_value_the_toolkit_would_refuse_is_an_error_naming_the_input_before_any_request(
        string input,
        string value
    )
    {
        var (code, output) = Run((input, value));
        Assert.Equal(1, code);
        Assert.Contains($"::error title=amts input {input}::{input} '{value.Trim()}' is not ", output);
        Assert.Empty(github.Requests);
        Assert.Empty(git.Requests);
        Assert.Empty(github.Pulls);
        Assert.False(RemoteHas("amts/sync-zh"));
        var summary = File.ReadAllText(Path.Combine(runner, "summary.md"));
        Assert.Contains("**The run failed before any language:**", summary);
        Assert.Contains(input.Replace("_", "\\_", StringComparison.Ordinal), summary); // the summary escapes Markdown
    }

    [Fact]
    public void The_accepted_values_are_named()
    {
        var (_, output) = Run(("dry_run", "yes"), ("language", "ja"));
        Assert.Contains("accepts only true, True, TRUE, false, False, FALSE", output);
        // The language is checked against the configuration (read from the workspace), still before any request.
        Assert.Contains("::error title=amts input dry_run::", output);
        Assert.Empty(github.Requests);
        var (_, second) = Run(("language", "ja"));
        Assert.Contains("::error title=amts input language::language 'ja' is not configured: use one of zh", second);
        Assert.Empty(github.Requests);
        Assert.Empty(git.Requests);
    }
}
