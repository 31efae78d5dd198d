using Amts.Bot.Infrastructure;
using Amts.Bot.Publishing;
using Amts.Bot.Publishing.Action;
using Amts.Bot.Publishing.GitHub;
using Amts.Bot.Tests.Fakes;
using Amts.Bot.Translation;

namespace Amts.Bot.Tests.Publishing;

/// <summary>
/// The action as it meets the world: d2l-en as the English work tree, d2l-zh as a bare repository served over HTTP
/// with the token (<see cref="FakeGitServer"/>), the GitHub REST stand-in (<see cref="FakeGitHub"/>), and a host that
/// records the log, annotations, outputs and summary.
/// </summary>
internal sealed class ActionHarness : IDisposable
{
    public const string Zh = "d2l-ai/d2l-zh";
    public const string DefaultConfig =
        "languages:\n  - code: zh\n    repository: d2l-ai/d2l-zh\n    labels: [translation]\n    reviewers: "
        + "[astonzhang]\n";
    public FakeGitHub GitHub { get; } = new();
    public FakeGitServer Git { get; } = new();
    public string English { get; set; } = TestData.FreshClone("d2l-en");
    public RecordingHost Host { get; private set; } = new();
    public string ReportRoot { get; } = TestData.TempDir();
    readonly HttpClient http = new();

    public ActionHarness()
    {
        GitHub.Repos[Zh] = "master";
        Git.AddRepository(Zh, TestData.Bundle("d2l-zh"));
        GitHub.DiffHunks = (repo, baseBranch, commit) => DiffHunks(Git.Git(repo), baseBranch, commit);
    }

    public void Dispose()
    {
        GitHub.Dispose();
        Git.Dispose();
        http.Dispose();
    }

    /// <summary>What GitHub shows of a pull request's diff on its right side: per file, each hunk's lines (changed
    /// lines and three lines of context), read from <c>git diff base...commit</c> in the served repository.</summary>
    static IReadOnlyList<(string Path, int First, int Last)> DiffHunks(GitCli git, string baseBranch, string commit)
    {
        var hunks = new List<(string, int, int)>();
        string? path = null;
        foreach (
            var line in git.Run("-c", "core.quotePath=false", "diff", "--no-color", "-U3", $"{baseBranch}...{commit}")
                .Split('\n')
        )
        {
            if (line.StartsWith("+++ ", StringComparison.Ordinal))
                path = line.StartsWith("+++ b/", StringComparison.Ordinal) ? line[6..] : null;
            else if (
                path != null
                && System.Text.RegularExpressions.Regex.Match(line, @"^@@ -\S+ \+(\d+)(?:,(\d+))? @@")
                    is { Success: true } m
            )
            {
                int first = int.Parse(m.Groups[1].Value),
                    count = m.Groups[2].Success ? int.Parse(m.Groups[2].Value) : 1;
                if (count > 0)
                    hunks.Add((path, first, first + count - 1));
            }
        }
        return hunks;
    }

    public GitCli Remote => Git.Git(Zh);

    public string Commit(int index) =>
        new GitCli(English).Run("rev-list", "--reverse", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries)[
            index
        ];

    public string RemoteSha(string branch) => Remote.Run("rev-parse", branch).Trim();

    public GitHubClient Client(string token = FakeGitHub.Token) =>
        new(http, GitHub.ApiUrl, token, (_, _) => Task.CompletedTask) { ServerUrl = Git.Url, Log = Host.Log };

    public IReadOnlyList<LanguageOutcome> Push(
        string? before,
        string after,
        string config = DefaultConfig,
        bool forced = false,
        string? language = null,
        bool dryRun = false,
        string token = FakeGitHub.Token,
        Func<LanguageConfig, ITranslationEngine?>? engines = null,
        Func<LanguageConfig, IReadOnlyList<(string, ITranslationEngine)>>? quality = null
    )
    {
        Host = new RecordingHost();
        var parsed = ActionConfigReader.Parse(config, "amts.yml");
        Assert.True(parsed.Config != null, string.Join("\n", parsed.Errors));
        return new ActionRunner(Client(token), Host, engines ?? (_ => null), quality)
            .RunAsync(
                new ActionContext
                {
                    EnglishRepo = English,
                    PushedCommit = after,
                    PushBefore = before,
                    Forced = forced,
                    Config = parsed.Config!,
                    Token = token,
                    WorkRoot = TestData.TempDir(),
                    ReportRoot = ReportRoot,
                    Language = language,
                    DryRun = dryRun,
                }
            )
            .GetAwaiter()
            .GetResult();
    }

    /// <summary>A clone of the translation to act as a translator or maintainer (setup only; the action itself uses
    /// HTTP).</summary>
    public GitCli Work()
    {
        var dir = TestData.TempDir();
        var git = GitCli.Clone(Git.PathOf(Zh), Path.Combine(dir, "zh"));
        git.Environment["GIT_AUTHOR_NAME"] = git.Environment["GIT_COMMITTER_NAME"] = "translator";
        git.Environment["GIT_AUTHOR_EMAIL"] = git.Environment["GIT_COMMITTER_EMAIL"] = "translator@example.org";
        return git;
    }

    /// <summary>The maintainer merges the sync pull request (a merge commit, as GitHub's default button
    /// does).</summary>
    public void Merge(int number)
    {
        var git = Work();
        git.Run("merge", "-q", "--no-ff", "--no-edit", "origin/amts/sync-zh");
        git.Run("push", "-q", "origin", "master");
        GitHub.Close(number, merged: true);
    }

    /// <summary>An English commit on top of the work tree's HEAD that writes one file.</summary>
    public string EnglishCommit(string path, string content, string message)
    {
        var git = new GitCli(English);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(English, path))!);
        File.WriteAllText(Path.Combine(English, path), content);
        git.Run("add", "--", path);
        git.Environment["GIT_AUTHOR_NAME"] = git.Environment["GIT_COMMITTER_NAME"] = "author";
        git.Environment["GIT_AUTHOR_EMAIL"] = git.Environment["GIT_COMMITTER_EMAIL"] = "author@example.org";
        git.Run("commit", "-q", "-m", message);
        return git.Run("rev-parse", "HEAD").Trim();
    }
}
