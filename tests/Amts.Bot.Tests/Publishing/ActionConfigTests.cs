using Amts.Bot.Publishing;

namespace Amts.Bot.Tests.Publishing;

[Trait("Category", "Unit")]
public class ActionConfigTests
{
    [Fact]
    public void The_example_configuration_reads()
    {
        var (config, errors) = ActionConfigReader.Parse(
            File.ReadAllText(Path.Combine(TestData.RepoRoot, "examples", "amts.yml")),
            "examples/amts.yml"
        );
        Assert.Empty(errors);
        Assert.Equal(["zh", "pt", "tr"], config!.Languages.Select(l => l.Code));
        var zh = config.Languages[0];
        Assert.Equal(("d2l-ai/d2l-zh", "master", "aws"), (zh.Repository, zh.Branch, zh.Engine));
        Assert.Equal("d2l-en-zh-sentences", zh.Aws!.ParallelData);
        Assert.Equal(["translation", "amts"], zh.Labels);
        Assert.True(config.Languages[2].OptOut);
    }

    [Fact]
    public void The_series_threshold_is_read_and_checked()
    {
        var (config, errors) = ActionConfigReader.Parse(
            "languages:\n  - code: zh\n    repository: d2l-ai/d2l-zh\n    series_threshold: 50\n  - code: ja\n    "
                + "repository: d2l-ai/d2l-ja\n",
            "amts.yml"
        );
        Assert.Empty(errors);
        Assert.Equal([50, LanguageConfig.DefaultSeriesThreshold], config!.Languages.Select(l => l.SeriesThreshold));
        var (_, bad) = ActionConfigReader.Parse(
            "languages:\n  - code: zh\n    repository: d2l-ai/d2l-zh\n    series_threshold: -3\n",
            "amts.yml"
        );
        Assert.Equal(
            "amts.yml:4:23: series_threshold must be a whole number of review items of at least 1, not '-3'",
            Assert.Single(bad).ToString()
        );
    }

    [Fact]
    public void Reopening_a_tracking_issue_closed_by_hand_is_asked_for_per_language_and_checked()
    {
        var (config, errors) = ActionConfigReader.Parse(
            "languages:\n  - code: zh\n    repository: d2l-ai/d2l-zh\n    reopen_tracking_issue: true\n"
                + "  - code: ja\n    repository: d2l-ai/d2l-ja\n",
            "amts.yml"
        );
        Assert.Empty(errors);
        Assert.Equal([true, false], config!.Languages.Select(l => l.ReopenTrackingIssue));
        var (_, bad) = ActionConfigReader.Parse(
            "languages:\n  - code: zh\n    repository: d2l-ai/d2l-zh\n    reopen_tracking_issue: yes\n",
            "amts.yml"
        );
        Assert.Equal(
            "amts.yml:4:28: reopen_tracking_issue must be true or false, not 'yes'",
            Assert.Single(bad).ToString()
        );
    }

    [Fact]
    public void Every_error_is_reported_with_its_line()
    {
        const string yaml = """
            languages:
              - code: zh
                repository: d2l-ai/d2l-zh
                engine: google
              - code: zh
                repository: not a repo
                colour: blue
              - repository: d2l-ai/d2l-pt
                engine: aws
                aws:
                  parallel_data: pd
                labels: translation
                opt_out: maybe
            """;
        var (config, errors) = ActionConfigReader.Parse(yaml, ".github/amts.yml");
        Assert.Null(config);
        var text = errors.Select(e => e.ToString()).ToList();
        Assert.Contains(".github/amts.yml:4:13: unknown engine 'google' (memory, apertium or aws)", text);
        Assert.Contains(".github/amts.yml:5:11: language 'zh' is configured twice (first at line 2)", text);
        Assert.Contains(".github/amts.yml:6:17: 'not a repo' is not a repository owner/name", text);
        Assert.Contains(text, t => t.StartsWith(".github/amts.yml:7:5: unknown key 'colour'"));
        Assert.Contains(".github/amts.yml:8:5: 'code' is required", text);
        Assert.Contains(
            ".github/amts.yml:11:7: aws.parallel_data needs aws.bucket and aws.role_arn (batch jobs read and write "
                + "S3 through that role)",
            text
        );
        Assert.Contains(".github/amts.yml:12:13: 'labels' must be a list of names", text);
        Assert.Contains(".github/amts.yml:13:14: opt_out must be true or false, not 'maybe'", text);
    }

    [Fact]
    public void An_aws_engine_without_a_region_is_a_config_error_with_line_and_column()
    {
        const string yaml = """
            languages:
              - code: zh
                repository: d2l-ai/d2l-zh
                engine: aws
                aws:
                  terminology: d2l-en-zh-terms
              - code: pt
                repository: d2l-ai/d2l-pt
                engine: aws
            """;
        var (config, errors) = ActionConfigReader.Parse(yaml, ".github/amts.yml");
        Assert.Equal(
            [
                ".github/amts.yml:6:7: engine aws needs aws.region (e.g. us-west-2)",
                ".github/amts.yml:9:13: engine aws needs an 'aws' section (at least the region)",
            ],
            errors.Select(e => e.ToString())
        );
        // Each error belongs to one language's entry: that language fails alone (the action runs the others).
        Assert.NotNull(config);
        Assert.Equal(
            [".github/amts.yml:6:7: engine aws needs aws.region (e.g. us-west-2)"],
            config.Languages.Single(l => l.Code == "zh").Problems
        );
        Assert.Equal(
            [".github/amts.yml:9:13: engine aws needs an 'aws' section (at least the region)"],
            config.Languages.Single(l => l.Code == "pt").Problems
        );
    }

    [Fact]
    public void Broken_yaml_is_reported_with_its_line()
    {
        var (config, errors) = ActionConfigReader.Parse(
            "languages:\n  - code: zh\n    repository: [unclosed\n",
            "amts.yml"
        );
        Assert.Null(config);
        var e = Assert.Single(errors);
        Assert.StartsWith("amts.yml:", e.ToString());
        Assert.Contains("not valid YAML", e.Message);
    }
}
