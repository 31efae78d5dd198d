using Amts.Bot.Publishing.GitHub;
using Amts.Bot.Tests.Fakes;

namespace Amts.Bot.Tests.Publishing;

[Trait("Category", "Integration")]
public class GitHubClientTests : IDisposable
{
    static readonly CancellationToken None = CancellationToken.None;
    readonly List<string> logged = [];
    readonly FakeGitHub fake = new();
    readonly HttpClient http = new();
    readonly List<TimeSpan> slept = [];

    GitHubClient Client(string token = FakeGitHub.Token, HttpClient? client = null) =>
        new(client ?? http, fake.ApiUrl, token, (t, _) =>
        {
            slept.Add(t);
            return Task.CompletedTask;
        }) { Log = logged.Add };

    public GitHubClientTests() => fake.Repos["d2l-ai/d2l-zh"] = "master";

    public void Dispose()
    {
        fake.Dispose();
        http.Dispose();
    }

    [Fact]
    public async Task Creates_a_pull_request_then_finds_the_same_one_on_the_real_422()
    {
        var c = Client();
        var first = await c.CreatePullAsync(
            "d2l-ai/d2l-zh",
            "[zh] Sync with d2l-en @ abc1234",
            "amts/sync-zh",
            "master",
            "body 1",
            None
        );
        var second = await c.CreatePullAsync(
            "d2l-ai/d2l-zh",
            "[zh] Sync with d2l-en @ def5678",
            "amts/sync-zh",
            "master",
            "body 2",
            None
        );
        Assert.Equal(first.Number, second.Number);
        await c.UpdatePullAsync("d2l-ai/d2l-zh", first.Number, "[zh] Sync with d2l-en @ def5678", "body 2", None);
        var pull = Assert.Single(fake.Pulls);
        Assert.Equal(("[zh] Sync with d2l-en @ def5678", "body 2"), (pull.Title, pull.Body));
        await c.AddLabelsAsync("d2l-ai/d2l-zh", pull.Number, ["translation", "amts"], None);
        await c.RequestReviewersAsync("d2l-ai/d2l-zh", pull.Number, ["astonzhang"], None);
        Assert.Equal(["translation", "amts"], pull.Labels);
        Assert.Equal(["astonzhang"], pull.Reviewers);
        Assert.Equal("master", (await c.GetRepoAsync("d2l-ai/d2l-zh")).DefaultBranch);
    }

    /// <summary>As GitHub documents "Update an issue": a PATCH with state open reopens an issue closed by hand and its
    /// state_reason reads reopened; a state_reason other than completed, not_planned, duplicate, reopened or null is
    /// refused with 422.</summary>
    [Fact]
    public async Task An_issue_closed_by_hand_is_reopened_by_a_patch_and_an_unknown_state_reason_is_refused()
    {
        var c = Client();
        var issue = await c.CreateIssueAsync("d2l-ai/d2l-zh", "Series", "<!-- m -->\nlist", [], None);
        fake.CloseIssue(issue.Number, "not_planned");
        var closed = await c.FindIssueAsync("d2l-ai/d2l-zh", "<!-- m -->", None);
        Assert.Equal(("closed", "not_planned"), (closed!.State, closed.StateReason));
        var reopened = await c.UpdateIssueAsync("d2l-ai/d2l-zh", issue.Number, "Series", closed.Body!, "open", None);
        Assert.Equal(("open", "reopened"), (reopened.State, reopened.StateReason));
        Assert.Equal(issue.Number, (await c.FindOpenIssueAsync("d2l-ai/d2l-zh", "<!-- m -->", None))!.Number);

        using var patch = new HttpRequestMessage(
            HttpMethod.Patch,
            $"{fake.ApiUrl}repos/d2l-ai/d2l-zh/issues/{issue.Number}"
        )
        {
            Content = new StringContent("""{"state":"closed","state_reason":"wontfix"}"""),
        };
        patch.Headers.Authorization = new("Bearer", FakeGitHub.Token);
        patch.Headers.Add("Accept", "application/vnd.github+json");
        patch.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        patch.Headers.Add("User-Agent", "amts-test");
        Assert.Equal(422, (int)(await http.SendAsync(patch)).StatusCode);
        Assert.Equal("open", Assert.Single(fake.Issues).State);
    }

    [Fact]
    public async Task A_multi_line_comment_sends_start_line_and_a_review_github_refuses_is_its_422_with_its_reason()
    {
        var c = Client();
        var pull = await c.CreatePullAsync("d2l-ai/d2l-zh", "[zh] Sync", "amts/sync-zh", "master", "body", None);
        var commit = new string('a', 40);
        fake.DiffHunks = (_, _, _) => [("a.md", 10, 20)];
        await c.CreateReviewAsync(
            "d2l-ai/d2l-zh",
            pull.Number,
            commit,
            "<!-- r1 -->",
            [new("a.md", 14, "on 12-14", 12), new("a.md", 20, "on 20")],
            None
        );
        Assert.Equal(
            [("a.md", 14, "on 12-14", (int?)12), ("a.md", 20, "on 20", null)],
            Assert.Single(fake.Reviews).Comments
        );
        // A line outside the diff: GitHub refuses the whole review with 422 and its reason as a string in "errors".
        var refused = await Assert.ThrowsAsync<GitHubException>(() =>
            c.CreateReviewAsync(
                "d2l-ai/d2l-zh",
                pull.Number,
                commit,
                "<!-- r2 -->",
                [new("a.md", 22, "outside", 21)],
                None
            )
        );
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains("must be part of the diff", refused.Message);
        Assert.Single(fake.Reviews);
    }

    [Fact]
    public async Task The_sticky_comment_is_found_across_pages_and_edited_in_place()
    {
        var c = Client();
        var pull = await c.CreatePullAsync("d2l-ai/d2l-zh", "t", "amts/sync-zh", "master", "b", None);
        for (int i = 0; i < 25; i++)
            fake.Comments.Add(
                new FakeGitHub.Comment
                {
                    Id = i + 1,
                    Repo = "d2l-ai/d2l-zh",
                    Issue = pull.Number,
                    Body = $"human comment {i}",
                }
            );
        const string marker = "<!-- amts:quality -->";
        var (first, created) = await c.UpsertStickyCommentAsync(
            "d2l-ai/d2l-zh",
            pull.Number,
            marker,
            "BLEU 30.0",
            None
        );
        Assert.True(created);
        for (int i = 0; i < 12; i++)
            fake.Comments.Add(
                new FakeGitHub.Comment
                {
                    Id = 100 + i,
                    Repo = "d2l-ai/d2l-zh",
                    Issue = pull.Number,
                    Body = $"later {i}",
                }
            );
        var (second, createdAgain) = await c.UpsertStickyCommentAsync(
            "d2l-ai/d2l-zh",
            pull.Number,
            marker,
            "BLEU 31.0",
            None
        );
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
        Assert.Contains(logged, l =>
            l.StartsWith("GitHub rate limit on GET /api/v3/repos/d2l-ai/d2l-zh: waiting 1 s", StringComparison.Ordinal)
        );
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
    public async Task A_comment_stored_behind_a_502_is_looked_up_not_written_twice()
    {
        var c = Client();
        var pull = await c.CreatePullAsync("d2l-ai/d2l-zh", "t", "amts/sync-zh", "master", "b", None);
        fake.StoreThenFailNext(1, "/comments");
        var (comment, created) = await c.UpsertStickyCommentAsync(
            "d2l-ai/d2l-zh",
            pull.Number,
            "<!-- amts:quality -->",
            "BLEU 30.0",
            None
        );
        Assert.True(created);
        Assert.Equal(Assert.Single(fake.Comments).Id, comment.Id);
        Assert.Contains(logged, l => l.Contains("HTTP 502; retrying", StringComparison.Ordinal));
        // The same for the pull request itself.
        fake.Close(pull.Number, merged: true);
        fake.StoreThenFailNext(1, "/pulls");
        var again = await c.CreatePullAsync("d2l-ai/d2l-zh", "t2", "amts/sync-zh", "master", "b", None);
        Assert.Equal(2, fake.Pulls.Count);
        Assert.Equal(2, again.Number);
    }

    [Fact]
    public async Task A_slow_api_is_retried_then_a_clear_error_never_a_crash()
    {
        using var shortTimeout = new HttpClient { Timeout = TimeSpan.FromMilliseconds(700) };
        var c = Client(client: shortTimeout);
        fake.SlowNext = 1; // the first answer takes 3 s
        Assert.Equal("master", await c.DefaultBranchAsync("d2l-ai/d2l-zh", None));
        Assert.Contains(logged, l => l.Contains("no answer within 1 s; retrying", StringComparison.Ordinal));
        fake.Latency = TimeSpan.FromSeconds(2);
        var e = await Assert.ThrowsAsync<GitHubException>(() => c.DefaultBranchAsync("d2l-ai/d2l-zh", None));
        Assert.Equal(System.Net.HttpStatusCode.RequestTimeout, e.Status);
        Assert.Contains("no answer within 1 s (4 attempts)", e.Message);
        Assert.Contains("githubstatus", e.UserMessage);
    }

    [Fact]
    public async Task A_bad_token_is_a_clear_error_that_does_not_print_the_token()
    {
        var e = await Assert.ThrowsAsync<GitHubException>(() => Client("ghp_wrongtoken").GetRepoAsync("d2l-ai/d2l-zh"));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, e.Status);
        Assert.Contains("the token was refused: Bad credentials", e.Message);
        Assert.Contains("renew the secret", e.UserMessage);
        Assert.DoesNotContain("ghp_wrongtoken", e.Message);
    }
}
