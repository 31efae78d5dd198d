using Amts.Bot.Publishing.GitHub;
using Amts.Bot.Tests.Fakes;

namespace Amts.Bot.Tests.Publishing;

[Trait("Category", "Integration")]
public class GitHubClientTests : IDisposable
{
    readonly FakeGitHub fake = new();
    readonly HttpClient http = new();
    readonly List<TimeSpan> slept = [];

    GitHubClient Client(string token = FakeGitHub.Token) => new(http, fake.ApiUrl, token, (t, _) => { slept.Add(t); return Task.CompletedTask; });

    public GitHubClientTests() => fake.Repos["d2l-ai/d2l-zh"] = "master";

    public void Dispose()
    {
        fake.Dispose();
        http.Dispose();
    }

    [Fact]
    public async Task Creates_a_pull_request_then_updates_the_same_one_on_the_real_422()
    {
        var c = Client();
        var (first, created) = await c.CreateOrUpdatePullAsync("d2l-ai/d2l-zh", "[zh] Sync with d2l-en @ abc1234", "amts/sync-zh", "master", "body 1");
        Assert.True(created);
        var (second, createdAgain) = await c.CreateOrUpdatePullAsync("d2l-ai/d2l-zh", "[zh] Sync with d2l-en @ def5678", "amts/sync-zh", "master", "body 2");
        Assert.False(createdAgain);
        Assert.Equal(first.Number, second.Number);
        var pull = Assert.Single(fake.Pulls);
        Assert.Equal(("[zh] Sync with d2l-en @ def5678", "body 2"), (pull.Title, pull.Body));
        await c.AddLabelsAsync("d2l-ai/d2l-zh", pull.Number, ["translation", "amts"]);
        await c.RequestReviewersAsync("d2l-ai/d2l-zh", pull.Number, ["astonzhang"]);
        Assert.Equal(["translation", "amts"], pull.Labels);
        Assert.Equal(["astonzhang"], pull.Reviewers);
        Assert.Equal("master", (await c.GetRepoAsync("d2l-ai/d2l-zh")).DefaultBranch);
    }

    [Fact]
    public async Task The_sticky_comment_is_found_across_pages_and_edited_in_place()
    {
        var c = Client();
        var (pull, _) = await c.CreateOrUpdatePullAsync("d2l-ai/d2l-zh", "t", "amts/sync-zh", "master", "b");
        for (int i = 0; i < 25; i++) fake.Comments.Add(new FakeGitHub.Comment { Id = i + 1, Repo = "d2l-ai/d2l-zh", Issue = pull.Number, Body = $"human comment {i}" });
        const string marker = "<!-- amts:quality -->";
        var (first, created) = await c.UpsertStickyCommentAsync("d2l-ai/d2l-zh", pull.Number, marker, "BLEU 30.0");
        Assert.True(created);
        for (int i = 0; i < 12; i++) fake.Comments.Add(new FakeGitHub.Comment { Id = 100 + i, Repo = "d2l-ai/d2l-zh", Issue = pull.Number, Body = $"later {i}" });
        var (second, createdAgain) = await c.UpsertStickyCommentAsync("d2l-ai/d2l-zh", pull.Number, marker, "BLEU 31.0");
        Assert.False(createdAgain);
        Assert.Equal(first.Id, second.Id);
        Assert.Single(fake.Comments, x => x.Body.Contains(marker));
        Assert.Contains("BLEU 31.0", fake.Comments.Single(x => x.Id == first.Id).Body);
        Assert.True(fake.Requests.Count(r => r.EndsWith("/comments")) >= 4 + 1); // several pages were read
    }

    [Fact]
    public async Task Rate_limits_and_server_errors_are_waited_out()
    {
        var c = Client();
        fake.SecondaryLimitNext(1);
        await c.GetRepoAsync("d2l-ai/d2l-zh");
        Assert.Equal(TimeSpan.FromSeconds(1), slept[^1]); // retry-after
        fake.PrimaryLimitNext(1);
        await c.GetRepoAsync("d2l-ai/d2l-zh");
        Assert.InRange(slept[^1].TotalSeconds, 1, 4); // until x-ratelimit-reset
        fake.ServerErrorNext(2);
        await c.GetRepoAsync("d2l-ai/d2l-zh");
        Assert.Equal(4, slept.Count);
        fake.ServerErrorNext(10);
        var e = await Assert.ThrowsAsync<GitHubException>(() => c.GetRepoAsync("d2l-ai/d2l-zh"));
        Assert.Equal(System.Net.HttpStatusCode.BadGateway, e.Status);
    }

    [Fact]
    public async Task Long_bodies_are_cut_with_a_note_never_refused()
    {
        var c = Client();
        var huge = new string('x', 70_000);
        var (pull, _) = await c.CreateOrUpdatePullAsync("d2l-ai/d2l-zh", "t", "amts/sync-zh", "master", huge);
        Assert.Equal(GitHubClient.MaxCommentLength, fake.Pulls.Single().Body.Length);
        Assert.EndsWith("the full report is in the job's artifacts)", fake.Pulls.Single().Body);
        await c.UpsertStickyCommentAsync("d2l-ai/d2l-zh", pull.Number, "<!-- m -->", huge);
        Assert.True(fake.Comments.Single().Body.Length <= GitHubClient.MaxCommentLength);
    }

    [Fact]
    public async Task A_bad_token_is_a_clear_error_that_does_not_print_the_token()
    {
        var e = await Assert.ThrowsAsync<GitHubException>(() => Client("ghp_wrongtoken").GetRepoAsync("d2l-ai/d2l-zh"));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, e.Status);
        Assert.Contains("Bad credentials", e.Message);
        Assert.DoesNotContain("ghp_wrongtoken", e.Message);
    }
}
