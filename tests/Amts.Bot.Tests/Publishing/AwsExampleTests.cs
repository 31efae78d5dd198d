using System.Text.Json;
using Amts.Bot.Tests.Fakes;
using Amts.Cli.Commands;

namespace Amts.Bot.Tests.Publishing;

/// <summary>
/// The README's aws-engine example (issue 20: "pictures of an aws-engine pull request with costs and of its quality
/// comment, not cut"): docs/pr-example-aws.md and docs/quality-comment-example-aws.md are what <c>amts action</c>
/// (its entry point, engines from the configuration's <c>engine: aws</c> with parallel data) posts for one real push
/// (d2l-en's "General typo fixes" and its neighbours into d2l-zh), against the Amazon Translate fake, s3rver, the
/// GitHub fake and the git server. The one change made to what is posted: the fakes' addresses (the git server's on
/// 127.0.0.1, the GitHub fake's https://github.example/) are written https://github.com/. The figures are the
/// fake's: it answers the English itself behind a <c>[zh]</c> mark, with or without parallel data alike, and
/// bills what it was sent. A difference fails the test; to write the files anew after a deliberate change:
/// <c>AMTS_REGENERATE_EXAMPLES=1 dotnet test tests/Amts.Bot.Tests --filter FullyQualifiedName~AwsExampleTests</c>.
/// </summary>
[Collection("s3rver")]
[Trait("Category", "Integration")]
public sealed class AwsExampleTests(S3rverFixture s3rver) : ActionFixture
{
    public const string RegenerateVariable = "AMTS_REGENERATE_EXAMPLES";

    const string Config =
        "languages:\n  - code: zh\n    repository: d2l-ai/d2l-zh\n    labels: [translation]\n"
        + "    reviewers: [astonzhang]\n    engine: aws\n    aws:\n      region: us-east-1\n"
        + "      bucket: amts-test\n      prefix: amts/example\n"
        + "      role_arn: arn:aws:iam::123456789012:role/amts-translate-data-access\n"
        + "      parallel_data: d2l-en-zh-sentences\n";

    (string Pr, string Quality) RunAction()
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
            ["INPUT_LANGUAGE"] = "zh",
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
            ["RUNNER_TEMP"] = runner,
        };
        // The jobs finish at their first poll (the action polls every 30 seconds); the S3 credentials are s3rver's.
        using var fake = new FakeTranslateService(
            s3rver.Store(),
            AwsTestEnvironment.AccessKey,
            AwsTestEnvironment.SecretKey
        )
        {
            InProgressPolls = 0,
        };
        fake.AddParallelData("d2l-en-zh-sentences");
        var stdout = new StringWriter();
        int code = -1;
        AwsTestEnvironment.Run(fake.Endpoint, s3rver.Endpoint, () =>
            code = ActionCommand.Run(new ActionOptions(), stdout, new StringWriter(), env)
        );
        Assert.True(code == 0, stdout.ToString());
        var pull = Assert.Single(github.Pulls);
        var quality = Assert.Single(github.Comments, c => c.Body.StartsWith("<!-- amts:quality -->")).Body;
        return (Readable($"# {pull.Title}\n\n{pull.Body}"), Readable(quality));
    }

    string Readable(string posted) =>
        posted
            .Replace(git.Url.ToString(), "https://github.com/")
            .Replace("https://github.example/", "https://github.com/");

    static void AssertGolden(string relativePath, string actual)
    {
        var path = Path.Combine(TestData.RepoRoot, relativePath);
        if (Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        var expected = File.Exists(path) ? File.ReadAllText(path) : "";
        if (expected == actual)
            return;
        var (e, a) = (expected.Split('\n'), actual.Split('\n'));
        int line = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], -1);
        line = line < 0 ? Math.Min(e.Length, a.Length) : line;
        Assert.Fail(
            $"{relativePath} differs from what the action posts, first at line {line + 1}:\n"
                + $"  file:   {(line < e.Length ? e[line] : "(end)")}\n"
                + $"  posted: {(line < a.Length ? a[line] : "(end)")}\n"
                + $"if the change is meant, write it anew: {RegenerateVariable}=1 dotnet test tests/Amts.Bot.Tests "
                + "--filter FullyQualifiedName~AwsExampleTests"
        );
    }

    [Fact]
    public void The_aws_examples_in_docs_are_what_the_action_posts()
    {
        var (pr, quality) = RunAction();
        AssertGolden("docs/pr-example-aws.md", pr);
        AssertGolden("docs/quality-comment-example-aws.md", quality);
        // What the example is for: an aws pull request with its costs, and a quality comment with figures.
        Assert.Contains("Engine `aws-batch`", pr);
        Assert.Matches(@"\$(0\.(0[1-9]|[1-9]\d)|[1-9][\d.,]*)", pr); // a cost above $0.00
        Assert.Contains("BLEU", quality);
    }
}
