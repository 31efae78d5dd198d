using System.Text.RegularExpressions;

namespace Amts.Bot.Tests.Publishing;

/// <summary>Issue 20, item 6: what a maintainer copies agrees with itself: the IAM role names of examples/amts.yml
/// and the README's policies, the image action.yml runs and the one release.yml pushes (and checks), the README's
/// sections in a maintainer's order, and a licence for the code.</summary>
[Trait("Category", "Unit")]
public sealed partial class InstallDocsTests
{
    static string Read(string path) => File.ReadAllText(Path.Combine(TestData.RepoRoot, path));

    [GeneratedRegex(@"arn:aws:iam::[\dA-Z]+:role/([\w+=,.@-]+)")]
    private static partial Regex RoleArn();

    [Fact]
    public void The_example_configuration_names_the_role_the_readme_lets_the_workflow_pass()
    {
        var configured = RoleArn()
            .Matches(Read("examples/amts.yml"))
            .Select(m => m.Groups[1].Value)
            .Distinct()
            .ToList();
        Assert.Equal(["amts-translate-data-access"], configured);
        var readme = Read("README.md");
        var passRole = Regex.Match(readme, @"""iam:PassRole"", ""Resource"": ""arn:aws:iam::ACCOUNT:role/([\w-]+)""");
        Assert.True(passRole.Success, "the README's workflow policy has no iam:PassRole on a role");
        Assert.Equal(configured[0], passRole.Groups[1].Value);
        Assert.All(RoleArn().Matches(Read("docs/evaluation.md")).Select(m => m.Groups[1].Value), r =>
            Assert.Equal(configured[0], r)
        );
    }

    [Fact]
    public void The_release_refuses_to_push_an_image_other_than_the_one_action_yml_runs()
    {
        var action = Read("action.yml");
        var image = Regex.Match(action, @"\n  image: docker://ghcr\.io/([\w-]+)/amts-bot:(v\d+)\n");
        Assert.True(image.Success, "action.yml runs no ghcr.io/OWNER/amts-bot:vN image");
        var release = Read(".github/workflows/release.yml");
        Assert.Contains("images: ghcr.io/${{ github.repository_owner }}/amts-bot", release);
        Assert.Contains("want=\"  image: docker://ghcr.io/${owner}/amts-bot:${major}\"", release);
        Assert.Contains("grep -qxF \"$want\" action.yml", release);
        Assert.True(
            release.IndexOf("action.yml runs the image this release pushes", StringComparison.Ordinal)
                < release.IndexOf("docker/build-push-action", StringComparison.Ordinal),
            "the check must come before the push"
        );
        var readme = Read("README.md");
        Assert.Contains($"docker://ghcr.io/{image.Groups[1].Value}/amts-bot:{image.Groups[2].Value}", readme);
        Assert.Contains("uses: amts-bot/amts-action@v1", readme);
    }

    [Fact]
    public void The_readme_is_in_a_maintainers_order_and_names_the_licence()
    {
        var readme = Read("README.md");
        var headings = readme.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                "## What a pull request looks like",
                "## Try it on your machine",
                "## Installing the action",
                "## Commands",
                "## Amazon Translate configuration",
                "## For developers",
                "## Data and licences",
            ],
            headings
        );
        Assert.Contains("`amts evaluate", readme);
        Assert.Contains("(docs/evaluation.md)", readme);
        Assert.Contains("dotnet run --project src/Amts.Cli -- action --preview", readme);
        Assert.Contains("**MIT License** (`LICENSE`)", readme);
        Assert.StartsWith("MIT License\n", Read("LICENSE"));
        Assert.Contains("`opt_out`\n   (`true`: the language stays listed but is skipped", readme);
        Assert.Contains("**The language list lives in three places**", readme);
    }
}
