using System.Text.RegularExpressions;
using Amts.Bot.Publishing.Forge;
using Amts.Bot.Publishing.GitHub;

namespace Amts.Bot.Tests.Fakes;

/// <summary>
/// An <see cref="IForge"/> in memory, for the Unit tier: one repository's pull requests, issues, comments, reviews,
/// labels and reviewers, no HTTP, no git. Where GitHub's REST documentation says how GitHub answers, it answers so,
/// refusals included, with the <see cref="GitHubException"/> the real <see cref="GitHubClient"/> throws
/// (<c>GitHub CALL failed (HTTP 422): MESSAGE</c>):
///
/// - issues and pull requests share one number sequence per repository (a pull request is an issue);
/// - a second open pull request for the same head and base is refused: 422 "A pull request already exists"
///   (<see cref="GitHubClient"/> recovers from that answer by finding the open one; here the refusal stays visible, so
///   a publishing rule that tries to open a second pull request fails its test);
/// - a body over 65,536 characters is refused (422) on a pull request; issue bodies and comments are capped as
///   <see cref="GitHubClient"/> caps them before sending;
/// - a review comment on a line outside the pull request's diff (<see cref="SetDiff"/>) is refused, the whole review
///   with it: 422 "Pull request review thread line must be part of the diff"; so is a commit id that is not a sha;
/// - an issue's state is open or closed, anything else is refused (422); closing sets <c>state_reason</c> completed
///   (or the reason given to <see cref="CloseIssue"/>: completed, not_planned, duplicate, else 422), reopening sets
///   reopened; a closed issue is still found by <see cref="FindIssueAsync"/>, not by <see cref="FindOpenIssueAsync"/>;
/// - a reviewer who is not a collaborator (<see cref="NotCollaborators"/>) is refused with 422;
/// - an unknown number is 404.
///
/// What a maintainer does on GitHub is a method: <see cref="Merge"/>, <see cref="ClosePull"/>,
/// <see cref="CloseIssue"/>. <see cref="FailNext"/> makes the next call of a kind fail as GitHub may (a 5xx after
/// GitHub's retries), for the "a re-run finishes what a failed run left" rules. Every write is listed in
/// <see cref="Writes"/>.
/// </summary>
internal sealed partial class InMemoryForge : IForge
{
    public const string Owner = "d2l-ai";
    public const string DefaultRepo = Owner + "/d2l-zh";

    sealed class Pull
    {
        public required int Number;
        public required string Title;
        public required string? Body;
        public required string Head;
        public required string Base;
        public string State = "open";
        public string? MergedAt;
        public List<string> Labels = [];
        public List<string> Reviewers = [];
        public Dictionary<string, List<(int First, int Last)>> Diff = new(StringComparer.Ordinal);
    }

    sealed class IssueItem
    {
        public required int Number;
        public required string Title;
        public required string Body;
        public string State = "open";
        public string? StateReason;
        public List<string> Labels = [];
    }

    /// <summary>A review as GitHub keeps it: its body, the commit it is on and its line comments.</summary>
    internal sealed record StoredReview(
        long Id,
        int Pull,
        string CommitId,
        string Body,
        IReadOnlyList<ReviewComment> Comments
    );

    readonly List<Pull> pulls = [];
    readonly List<IssueItem> issues = [];
    readonly List<(int Issue, IssueComment Comment)> comments = [];
    readonly List<StoredReview> reviews = [];
    readonly Dictionary<string, int> failures = new(StringComparer.Ordinal);
    int lastNumber;
    long lastId;

    public string DefaultBranch { get; set; } = "master";

    /// <summary>Reviewers GitHub refuses (not collaborators of the repository).</summary>
    public HashSet<string> NotCollaborators { get; } = [];

    /// <summary>Every write, in order: <c>create pull #N</c>, <c>update pull #N</c>, <c>labels #N</c>, …</summary>
    public List<string> Writes { get; } = [];

    public IReadOnlyList<StoredReview> Reviews => reviews;

    public int MaxBodyLength => GitHubClient.MaxCommentLength;

    // ---- IForge ----

    public Task<string> DefaultBranchAsync(string repo, CancellationToken ct) =>
        Answer("DefaultBranch", () => DefaultBranch);

    public Task<PullRequest?> FindOpenPullAsync(string repo, string head, CancellationToken ct) =>
        Answer("FindOpenPull", () =>
            pulls.Where(p => p.State == "open" && p.Head == head).Select(ToRecord).FirstOrDefault()
        );

    public Task<IReadOnlyList<PullRequest>> ListOpenPullsAsync(string repo, string headPrefix, CancellationToken ct) =>
        Answer<IReadOnlyList<PullRequest>>("ListOpenPulls", () =>
            pulls
                .Where(p => p.State == "open" && p.Head.StartsWith(headPrefix, StringComparison.Ordinal))
                .Select(ToRecord)
                .ToList()
        );

    public Task<PullRequest?> LastClosedPullAsync(string repo, string head, CancellationToken ct) =>
        Answer("LastClosedPull", () =>
            pulls
                .Where(p => p.State == "closed" && p.Head == head)
                .OrderByDescending(p => p.Number)
                .Select(ToRecord)
                .FirstOrDefault()
        );

    public Task<PullRequest> CreatePullAsync(
        string repo,
        string title,
        string head,
        string baseBranch,
        string body,
        CancellationToken ct
    ) => Answer("CreatePull", () =>
        {
            var call = $"POST /repos/{repo}/pulls";
            if (body.Length > MaxBodyLength)
                throw Refused(call, "Validation Failed: body is too long (maximum is 65536 characters)");
            if (pulls.Any(p => p.State == "open" && p.Head == head && p.Base == baseBranch))
                throw Refused(call, $"Validation Failed: A pull request already exists for {Owner}:{head}.");
            var pull = new Pull
            {
                Number = ++lastNumber,
                Title = title,
                Body = body,
                Head = head,
                Base = baseBranch,
            };
            pulls.Add(pull);
            Writes.Add($"create pull #{pull.Number}");
            return ToRecord(pull);
        });

    public Task<PullRequest> UpdatePullAsync(
        string repo,
        int number,
        string title,
        string? body,
        CancellationToken ct
    ) => Answer("UpdatePull", () =>
        {
            var pull = PullOf(number, "PATCH");
            if (body?.Length > MaxBodyLength)
                throw Refused(
                    $"PATCH /repos/{repo}/pulls/{number}",
                    "Validation Failed: body is too long (maximum is 65536 characters)"
                );
            pull.Title = title;
            pull.Body = body ?? pull.Body;
            Writes.Add($"update pull #{number}");
            return ToRecord(pull);
        });

    /// <summary>GitHub adds the labels to the ones there (creating a label the repository lacks).</summary>
    public Task AddLabelsAsync(string repo, int number, IReadOnlyList<string> labels, CancellationToken ct) =>
        Answer("AddLabels", () =>
        {
            if (labels.Count == 0)
                return 0;
            var pull = PullOf(number, "POST labels");
            pull.Labels = pull.Labels.Union(labels).ToList();
            Writes.Add($"labels #{number}: {string.Join(", ", labels)}");
            return 0;
        });

    public Task RequestReviewersAsync(string repo, int number, IReadOnlyList<string> reviewers, CancellationToken ct) =>
        Answer("RequestReviewers", () =>
        {
            if (reviewers.Count == 0)
                return 0;
            var pull = PullOf(number, "POST requested_reviewers");
            if (reviewers.Any(NotCollaborators.Contains))
                throw Refused(
                    $"POST /repos/{repo}/pulls/{number}/requested_reviewers",
                    "Reviews may only be requested from collaborators. One or more of the users or teams you "
                        + $"specified is not a collaborator of the {repo} repository."
                );
            pull.Reviewers = pull.Reviewers.Union(reviewers).ToList();
            Writes.Add($"reviewers #{number}: {string.Join(", ", reviewers)}");
            return 0;
        });

    /// <summary>As <see cref="GitHubClient"/> does it on GitHub's comments: found by the marker and edited in place,
    /// the marker on the first line, capped at GitHub's limit; an unchanged body is not written.</summary>
    public Task<(IssueComment Comment, bool Created)> UpsertStickyCommentAsync(
        string repo,
        int number,
        string marker,
        string body,
        CancellationToken ct
    ) => Answer("UpsertStickyComment", () =>
        {
            ExistingNumber(number);
            var text = GitHubClient.Cap(marker + "\n" + body);
            var i = comments.FindIndex(c =>
                c.Issue == number && c.Comment.Body.Contains(marker, StringComparison.Ordinal)
            );
            if (i < 0)
            {
                var created = new IssueComment(++lastId, text, $"https://github.com/{repo}/issues/{number}#c{lastId}");
                comments.Add((number, created));
                Writes.Add($"comment #{number}");
                return (created, true);
            }
            if (comments[i].Comment.Body == text)
                return (comments[i].Comment, false);
            comments[i] = (number, comments[i].Comment with { Body = text });
            Writes.Add($"edit comment #{number}");
            return (comments[i].Comment, false);
        });

    public Task<IReadOnlyList<IssueComment>> ListCommentsAsync(string repo, int number, CancellationToken ct) =>
        Answer<IReadOnlyList<IssueComment>>("ListComments", () =>
        {
            ExistingNumber(number);
            return CommentsOn(number);
        });

    public Task<bool> HasReviewAsync(string repo, int number, string marker, CancellationToken ct) =>
        Answer("HasReview", () =>
            reviews.Any(r => r.Pull == number && r.Body.Contains(marker, StringComparison.Ordinal))
        );

    public Task CreateReviewAsync(
        string repo,
        int number,
        string commitId,
        string body,
        IReadOnlyList<ReviewComment> comments,
        CancellationToken ct
    ) => Answer("CreateReview", () =>
        {
            var pull = PullOf(number, "POST reviews");
            bool OnDiff(ReviewComment c) =>
                pull.Diff.TryGetValue(c.Path, out var hunks)
                && hunks.Any(h => h.First <= (c.StartLine ?? c.Line) && c.Line <= h.Last);
            if (
                !Regex.IsMatch(commitId, "^[0-9a-f]{40}$")
                || comments.Any(c => c.Line < 1 || c.StartLine is { } s && (s < 1 || s >= c.Line) || !OnDiff(c))
            )
                throw Refused(
                    $"POST /repos/{repo}/pulls/{number}/reviews",
                    "Unprocessable Entity: Pull request review thread line must be part of the diff"
                );
            reviews.Add(new StoredReview(++lastId, number, commitId, body, comments.ToList()));
            Writes.Add($"review #{number}");
            return 0;
        });

    /// <summary>GitHub lists the newest issue first.</summary>
    public Task<Issue?> FindOpenIssueAsync(string repo, string marker, CancellationToken ct) =>
        Answer("FindOpenIssue", () =>
            issues
                .Where(i => i.State == "open" && i.Body.Contains(marker, StringComparison.Ordinal))
                .OrderByDescending(i => i.Number)
                .Select(ToRecord)
                .FirstOrDefault()
        );

    public Task<Issue?> FindIssueAsync(string repo, string marker, CancellationToken ct) =>
        Answer("FindIssue", () =>
            issues
                .Where(i => i.Body.Contains(marker, StringComparison.Ordinal))
                .OrderByDescending(i => i.Number)
                .Select(ToRecord)
                .FirstOrDefault()
        );

    public Task<Issue> CreateIssueAsync(
        string repo,
        string title,
        string body,
        IReadOnlyList<string> labels,
        CancellationToken ct
    ) => Answer("CreateIssue", () =>
        {
            var issue = new IssueItem
            {
                Number = ++lastNumber,
                Title = title,
                Body = GitHubClient.Cap(body),
                Labels = labels.ToList(),
            };
            issues.Add(issue);
            Writes.Add($"create issue #{issue.Number}");
            return ToRecord(issue);
        });

    public Task<Issue> UpdateIssueAsync(
        string repo,
        int number,
        string title,
        string body,
        string state,
        CancellationToken ct
    ) => Answer("UpdateIssue", () =>
        {
            var issue = IssueOf(number);
            if (state is not ("open" or "closed"))
                throw Refused($"PATCH /repos/{repo}/issues/{number}", "Validation Failed");
            if (state != issue.State)
                issue.StateReason = state == "closed" ? "completed" : "reopened";
            (issue.Title, issue.Body, issue.State) = (title, GitHubClient.Cap(body), state);
            Writes.Add($"update issue #{number} ({state})");
            return ToRecord(issue);
        });

    public string FileLineUrl(PullRequest pull, string path, int line) => GitHubClient.LineUrl(pull, path, line);

    public string CloneUrl(string repo) => $"https://github.com/{repo}.git";

    public IReadOnlyDictionary<string, string> GitCredentials(string token) => new Dictionary<string, string>();
}
