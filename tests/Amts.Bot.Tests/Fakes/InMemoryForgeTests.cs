using System.Net;
using Amts.Bot.Publishing.Forge;
using Amts.Bot.Publishing.GitHub;

namespace Amts.Bot.Tests.Fakes;

/// <summary>The in-memory forge answers as GitHub's REST API does where its documentation says so, refusals included,
/// with the exception <see cref="GitHubClient"/> throws: a stand-in that accepted what GitHub refuses would let a
/// publishing rule pass its unit test and fail on GitHub.</summary>
[Trait("Category", "Unit")]
public sealed class InMemoryForgeTests
{
    const string Repo = InMemoryForge.DefaultRepo;
    readonly InMemoryForge forge = new();

    Task<PullRequest> Open(string head = "amts/sync-zh") =>
        forge.CreatePullAsync(Repo, "title", head, "master", "body", default);

    [Fact]
    public async Task A_second_open_pull_request_for_the_same_head_is_refused_with_422_as_github_does()
    {
        await Open();
        var e = await Assert.ThrowsAsync<GitHubException>(() => Open());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Status);
        // The text GitHubClient.CreatePullAsync recognises.
        Assert.Contains("A pull request already exists for d2l-ai:amts/sync-zh", e.Message);
        Assert.StartsWith("GitHub POST /repos/d2l-ai/d2l-zh/pulls failed (HTTP 422): ", e.Message);
    }

    [Fact]
    public async Task Once_merged_or_closed_a_head_may_have_a_new_pull_request_and_the_last_closed_is_found()
    {
        var first = await Open();
        forge.Merge(first.Number);
        var second = await Open();
        forge.ClosePull(second.Number);

        var last = await forge.LastClosedPullAsync(Repo, "amts/sync-zh", default);
        Assert.Equal((second.Number, (string?)null), (last!.Number, last.MergedAt));
        Assert.Null(await forge.FindOpenPullAsync(Repo, "amts/sync-zh", default));
        Assert.NotNull(forge.PullRequest(first.Number).MergedAt);
    }

    [Fact]
    public async Task Issues_and_pull_requests_share_one_number_sequence()
    {
        var pull = await Open();
        var issue = await forge.CreateIssueAsync(Repo, "t", "<!-- m -->\nbody", [], default);
        Assert.Equal(pull.Number + 1, issue.Number);
    }

    [Fact]
    public async Task A_review_comment_outside_the_diff_refuses_the_whole_review()
    {
        var pull = await Open();
        forge.SetDiff(pull.Number, "a.md", 10, 20);
        var sha = new string('c', 40);

        var e = await Assert.ThrowsAsync<GitHubException>(() =>
            forge.CreateReviewAsync(
                Repo,
                pull.Number,
                sha,
                "<!-- r -->",
                [new ReviewComment("a.md", 12, "in"), new ReviewComment("a.md", 22, "out", StartLine: 19)],
                default
            )
        );
        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Status);
        Assert.Contains("must be part of the diff", e.Message);
        Assert.Empty(forge.Reviews);

        await forge.CreateReviewAsync(
            Repo,
            pull.Number,
            sha,
            "<!-- r -->",
            [new ReviewComment("a.md", 12, "in")],
            default
        );
        Assert.True(await forge.HasReviewAsync(Repo, pull.Number, "<!-- r -->", default));
        // Not a sha, a comment on another file: refused too.
        await Assert.ThrowsAsync<GitHubException>(() =>
            forge.CreateReviewAsync(Repo, pull.Number, "HEAD", "b", [new ReviewComment("a.md", 12, "in")], default)
        );
        await Assert.ThrowsAsync<GitHubException>(() =>
            forge.CreateReviewAsync(Repo, pull.Number, sha, "b", [new ReviewComment("b.md", 12, "x")], default)
        );
    }

    [Fact]
    public async Task A_closed_issue_is_found_by_find_issue_not_by_find_open_issue_and_keeps_its_state_reason()
    {
        var issue = await forge.CreateIssueAsync(Repo, "t", "<!-- amts:series zh -->\nbody", [], default);
        forge.CloseIssue(issue.Number, "not_planned");

        Assert.Null(await forge.FindOpenIssueAsync(Repo, "<!-- amts:series zh -->", default));
        var found = await forge.FindIssueAsync(Repo, "<!-- amts:series zh -->", default);
        Assert.Equal((issue.Number, "closed", "not_planned"), (found!.Number, found.State, found.StateReason));

        var reopened = await forge.UpdateIssueAsync(Repo, issue.Number, "t", found.Body!, "open", default);
        Assert.Equal(("open", "reopened"), (reopened.State, reopened.StateReason));
        var closed = await forge.UpdateIssueAsync(Repo, issue.Number, "t", found.Body!, "closed", default);
        Assert.Equal("completed", closed.StateReason);
    }

    [Fact]
    public async Task An_unknown_state_or_state_reason_is_refused_and_an_unknown_number_is_404()
    {
        var issue = await forge.CreateIssueAsync(Repo, "t", "b", [], default);
        var state = await Assert.ThrowsAsync<GitHubException>(() =>
            forge.UpdateIssueAsync(Repo, issue.Number, "t", "b", "merged", default)
        );
        Assert.Equal(HttpStatusCode.UnprocessableEntity, state.Status);
        Assert.Equal(
            HttpStatusCode.UnprocessableEntity,
            Assert.Throws<GitHubException>(() => forge.CloseIssue(issue.Number, "wontfix")).Status
        );
        Assert.Equal("open", forge.Issue(issue.Number).State);
        var missing = await Assert.ThrowsAsync<GitHubException>(() =>
            forge.UpdatePullAsync(Repo, 99, "t", null, default)
        );
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }

    [Fact]
    public async Task A_body_over_githubs_limit_is_refused_on_a_pull_request_and_capped_in_a_comment()
    {
        var big = new string('x', GitHubClient.MaxCommentLength + 1);
        var e = await Assert.ThrowsAsync<GitHubException>(() =>
            forge.CreatePullAsync(Repo, "t", "h", "master", big, default)
        );
        Assert.Contains("body is too long", e.Message);

        var pull = await Open();
        var (comment, created) = await forge.UpsertStickyCommentAsync(Repo, pull.Number, "<!-- q -->", big, default);
        Assert.True(created);
        Assert.Equal(GitHubClient.MaxCommentLength, comment.Body.Length);
        var (same, again) = await forge.UpsertStickyCommentAsync(Repo, pull.Number, "<!-- q -->", big, default);
        Assert.Equal((comment.Id, false), (same.Id, again));
        Assert.Single(forge.CommentsOn(pull.Number));
    }

    [Fact]
    public async Task A_reviewer_who_is_not_a_collaborator_is_refused_and_nobody_is_requested()
    {
        var pull = await Open();
        forge.NotCollaborators.Add("stranger");
        var e = await Assert.ThrowsAsync<GitHubException>(() =>
            forge.RequestReviewersAsync(Repo, pull.Number, ["astonzhang", "stranger"], default)
        );
        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Status);
        Assert.Empty(forge.PullRequest(pull.Number).RequestedReviewers!);
    }

    [Fact]
    public async Task A_failure_asked_for_fails_that_call_once_and_stores_nothing()
    {
        forge.FailNext("CreatePull");
        var e = await Assert.ThrowsAsync<GitHubException>(() => Open());
        Assert.Equal(HttpStatusCode.BadGateway, e.Status);
        Assert.Empty(forge.Pulls);
        await Open();
        Assert.Single(forge.Pulls);
    }
}
