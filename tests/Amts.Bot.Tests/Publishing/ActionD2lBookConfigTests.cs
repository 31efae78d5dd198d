using Amts.Bot.Infrastructure;
using Amts.Bot.Publishing;
using Amts.Bot.Publishing.Action;
using Amts.Bot.Tests.Cli;

namespace Amts.Bot.Tests.Publishing;

/// <summary>
/// A translation that carries d2lbook's <c>config.ini</c> (the real one of d2l-zh, committed to the served d2l-zh):
/// the action and <c>amts sync</c> read its <c>[translation]</c> facts instead of asking for them twice, and stop
/// with the file and line when they contradict the configuration.
/// </summary>
[Trait("Category", "Integration")]
public class ActionD2lBookConfigTests : IDisposable
{
    readonly ActionHarness h = new();

    public void Dispose() => h.Dispose();

    static string RealConfig => File.ReadAllText(Path.Combine(TestData.Data, "d2lbook", "d2l-zh.config.ini"));

    void CommitConfig(string text)
    {
        var git = h.Work();
        File.WriteAllText(Path.Combine(git.WorkTree, "config.ini"), text);
        git.Run("add", "config.ini");
        git.Run("commit", "-q", "-m", "d2lbook configuration");
        git.Run("push", "-q", "origin", "master");
    }

    [Fact]
    public void An_origin_repo_that_is_not_the_english_repository_fails_the_language_with_the_line()
    {
        CommitConfig(RealConfig.Replace("origin_repo = d2l-ai/d2l-en", "origin_repo = d2l-ai/d2l-ko"));
        var outcome = Assert.Single(h.Push(h.Commit(21), h.Commit(23)));
        Assert.Equal(ActionOperation.Failed, outcome.Operation);
        Assert.Contains(
            "d2l-ai/d2l-zh config.ini:17: [translation] origin_repo is 'd2l-ai/d2l-ko', but the English repository "
                + "of this sync is 'd2l-ai/d2l-en'",
            outcome.Message
        );
        Assert.Contains(h.Host.Annotations, a =>
            a.Level == AnnotationLevel.Error && a.Message.Contains("config.ini:17", StringComparison.Ordinal)
        );
        Assert.Empty(h.GitHub.Pulls);
    }

    [Fact]
    public void A_malformed_config_ini_fails_the_language_naming_the_file_and_line()
    {
        CommitConfig(RealConfig.Replace("translator = aws\n", "translator = aws\ntranslator = gcp\n"));
        var outcome = Assert.Single(h.Push(h.Commit(21), h.Commit(23)));
        Assert.Equal(ActionOperation.Failed, outcome.Operation);
        Assert.Contains(
            "d2l-ai/d2l-zh config.ini:20: key 'translator' is given twice in [translation] (first on line 19)",
            outcome.Message
        );
    }

    [Fact]
    public void The_real_config_ini_agrees_and_its_translator_and_terminology_reach_the_engine()
    {
        CommitConfig(RealConfig.Replace("translator = aws\n", "translator = aws\nterminology = d2l-en-zh-terms\n"));
        LanguageConfig? seen = null;
        const string config =
            "languages:\n  - code: zh\n    repository: d2l-ai/d2l-zh\n    aws:\n      region: us-west-2\n";
        var outcome = Assert.Single(h.Push(h.Commit(21), h.Commit(23), config, engines: l =>
            {
                seen = l;
                return null;
            }));
        Assert.True(outcome.Operation == ActionOperation.Created, outcome.Message + "\n" + h.Host);
        Assert.Equal(("aws", "d2l-en-zh-terms"), (seen!.Engine, seen.Aws!.Terminology));
        Assert.Contains("zh: engine aws (d2l-ai/d2l-zh config.ini:19: translator = aws)", h.Host.ToString());
    }

    [Fact]
    public void Amts_sync_checks_the_targets_config_ini_against_its_language()
    {
        var en = TestData.FreshClone("d2l-en");
        var zh = TestData.FreshClone("d2l-zh");
        File.WriteAllText(Path.Combine(zh, "config.ini"), RealConfig);
        var git = new GitCli(zh);
        git.Run("add", "config.ini");
        git.Environment["GIT_AUTHOR_NAME"] = git.Environment["GIT_COMMITTER_NAME"] = "translator";
        git.Environment["GIT_AUTHOR_EMAIL"] = git.Environment["GIT_COMMITTER_EMAIL"] = "translator@example.org";
        git.Run("commit", "-q", "-m", "d2lbook configuration");
        var commits = new GitCli(en)
            .Run("rev-list", "--reverse", "HEAD")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var wrong = CliRunner.Run(
            "sync",
            "--source",
            en,
            "--target",
            zh,
            "--lang",
            "ja",
            "--from",
            commits[21],
            "--to",
            commits[23]
        );
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains(
            "config.ini:13: [project] lang is 'zh', but this translation is configured as language 'ja'",
            wrong.Stderr
        );
        var right = CliRunner.Run(
            "sync",
            "--source",
            en,
            "--target",
            zh,
            "--lang",
            "zh",
            "--from",
            commits[21],
            "--to",
            commits[23]
        );
        Assert.True(right.ExitCode == 0, right.Stderr);
    }
}
