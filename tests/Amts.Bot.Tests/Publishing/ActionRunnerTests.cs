using Amts.Bot.Publishing;
using Amts.Bot.Publishing.GitHub;
using Amts.Bot.Tests.Fakes;

namespace Amts.Bot.Tests.Publishing;

/// <summary>The action's flow end to end: the fake GitHub API, a bare git repository as d2l-zh's remote, the real books.</summary>
[Trait("Category", "Integration")]
public class ActionRunnerTests : IDisposable
{
    readonly FakeGitHub github = new();
    readonly HttpClient http = new();
    readonly string remotes = TestData.TempDir();
    readonly string en = TestData.FreshClone("d2l-en");
    readonly StringWriter log = new();

    public ActionRunnerTests()
    {
        github.Repos["d2l-ai/d2l-zh"] = "master";
        Directory.CreateDirectory(Path.Combine(remotes, "d2l-ai"));
        new GitCli(remotes).Run("clone", "-q", "--bare", TestData.Bundle("d2l-zh"), Path.Combine(remotes, "d2l-ai", "d2l-zh.git"));
    }

    public void Dispose()
    {
        github.Dispose();
        http.Dispose();
    }

    string Commit(int index) => new GitCli(en).Run("rev-list", "--reverse", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries)[index];

    IReadOnlyList<LanguageOutcome> Push(string before, string after, Func<LanguageConfig, IReadOnlyList<(string, Amts.Bot.Translation.ITranslationEngine)>>? quality = null)
    {
        var config = ActionConfigReader.Parse("languages:\n  - code: zh\n    repository: d2l-ai/d2l-zh\n    labels: [translation]\n    reviewers: [astonzhang]\n", "amts.yml").Config!;
        var client = new GitHubClient(http, github.ApiUrl, FakeGitHub.Token, (_, _) => Task.CompletedTask);
        return new ActionRunner(client, _ => null, log, quality).RunAsync(new ActionContext
        {
            EnglishRepo = en, PushedCommit = after, PushBefore = before, Config = config, Token = FakeGitHub.Token,
            ServerUrl = new Uri(remotes + "/"), WorkRoot = TestData.TempDir(),
        }).GetAwaiter().GetResult();
    }

    [Fact]
    public void First_push_creates_second_updates_the_same_pr_and_comment_reruns_and_empty_ranges_do_nothing()
    {
        var remote = new GitCli(Path.Combine(remotes, "d2l-ai", "d2l-zh.git"));
        // Push 1: "General typo fixes" and its neighbours.
        var first = Assert.Single(Push(Commit(21), Commit(23)));
        Assert.True(first.Operation == "created", first.Message + "\n" + log);
        var pull = Assert.Single(github.Pulls);
        Assert.Equal($"[zh] Sync with d2l-en @ {Commit(23)[..7]}", pull.Title);
        Assert.Equal(("amts/sync-zh", "master"), (pull.Head, pull.Base));
        Assert.Equal(["translation"], pull.Labels);
        Assert.Equal(["astonzhang"], pull.Reviewers);
        Assert.Contains("Needs human eyes", pull.Body);
        var comment = Assert.Single(github.Comments);
        Assert.StartsWith(ActionRunner.CommentMarker, comment.Body);
        Assert.Contains("BLEU", comment.Body);
        var branchAfterFirst = remote.Run("rev-parse", "amts/sync-zh").Trim();
        Assert.Equal(remote.Run("rev-parse", "master").Trim(), remote.Run("rev-parse", "amts/sync-zh~1").Trim());

        // Push 2: the next commits; the open PR's branch is carried forward and the same PR and comment are updated.
        var second = Assert.Single(Push(Commit(23), Commit(30)));
        Assert.True(second.Operation == "updated", second.Message + "\n" + log);
        Assert.Single(github.Pulls);
        Assert.Equal(first.PullNumber, second.PullNumber);
        Assert.Equal($"[zh] Sync with d2l-en @ {Commit(30)[..7]}", github.Pulls[0].Title);
        Assert.Equal(comment.Id, Assert.Single(github.Comments).Id);
        Assert.Equal(branchAfterFirst, remote.Run("rev-parse", "amts/sync-zh~1").Trim()); // the first sync is kept beneath

        // A re-run of the same push, and a push with nothing new, open nothing and change nothing.
        var head = remote.Run("rev-parse", "amts/sync-zh").Trim();
        Assert.Equal("none", Assert.Single(Push(Commit(23), Commit(30))).Operation);
        Assert.Equal("none", Assert.Single(Push(Commit(30), Commit(30))).Operation);
        Assert.Equal(head, remote.Run("rev-parse", "amts/sync-zh").Trim());
        Assert.Single(github.Pulls);
        Assert.Single(github.Comments);
        Assert.DoesNotContain(FakeGitHub.Token, log.ToString());
    }

    [Fact]
    public void The_quality_comment_puts_the_systems_side_by_side_on_held_out_sentences()
    {
        // Two systems, as with and without parallel data: one knows nothing (English comes back), one knows the
        // held-out human sentences (as a perfect engine would translate them).
        var zhText = new GitCli(Path.Combine(remotes, "d2l-ai", "d2l-zh.git")).Run("show", "master:chapter_introduction/index.md");
        var origin = new GitCli(Path.Combine(remotes, "d2l-ai", "d2l-zh.git")).Run("show", "master:chapter_introduction/index_origin.md");
        var aligned = Amts.Bot.Alignment.BookAligner.AlignFile(new Amts.Bot.Alignment.FilePair("i", "i", true, "t"), Amts.Bot.Markdown.MarkdownDocument.Parse(origin),
            Amts.Bot.Markdown.MarkdownDocument.Parse(zhText), new Amts.Bot.Alignment.LengthModel(0.35, 0.6, 2.0), "en", "zh");
        var pairs = aligned.Sentences.SelectMany(x => x.Sentences).Where(p => p.Source.Count == 1 && p.Target.Count == 1).Select(p => (p.SourceText, p.TargetText)).ToList();
        var outcome = Assert.Single(Push(Commit(21), Commit(23), _ =>
        [
            ("without parallel data", new Amts.Bot.Translation.TranslationMemory([])),
            ("with parallel data", new Amts.Bot.Translation.TranslationMemory(pairs)),
        ]));
        Assert.Equal("created", outcome.Operation);
        var body = Assert.Single(github.Comments).Body;
        Assert.Contains("| Article | Segments | BLEU without parallel data | BLEU with parallel data | chrF2 without parallel data | chrF2 with parallel data |", body);
        Assert.Contains("`BLEU|nrefs:1|case:mixed|eff:no|tok:zh|smooth:exp|version:2.6.0`", body);
        Assert.Matches(@"\| \*\*All\*\* \| \d+ \| [\d.]+ ± [\d.]+ \| \*\*[\d.]+\*\* ± [\d.]+ \|", body); // with parallel data wins
    }

    [Fact]
    public void Without_state_or_a_usable_before_the_language_fails_clearly()
    {
        var outcome = Assert.Single(Push(new string('0', 40), Commit(30)));
        Assert.Equal("failed", outcome.Operation);
        Assert.Contains("has no sync state", outcome.Message);
        Assert.Contains("::error title=amts zh::", log.ToString());
        Assert.Empty(github.Pulls);
    }

    [Fact]
    public void The_token_goes_through_git_configuration_never_a_command_line()
    {
        var env = ActionRunner.Authenticated("ghs_secret");
        Assert.Equal("1", env["GIT_CONFIG_COUNT"]);
        Assert.Equal("http.extraheader", env["GIT_CONFIG_KEY_0"]);
        Assert.Equal("AUTHORIZATION: basic " + Convert.ToBase64String("x-access-token:ghs_secret"u8.ToArray()), env["GIT_CONFIG_VALUE_0"]);
    }
}
