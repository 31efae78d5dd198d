using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amts.Bot.Errors;
using Amts.Bot.Publishing.Forge;

namespace Amts.Bot.Publishing.GitHub;

internal sealed class GitHubException(string call, HttpStatusCode status, string message, string? hint = null)
    : AmtsException(ErrorKind.Service, $"GitHub {call} failed (HTTP {(int)status}): {message}", hint)
{
    public HttpStatusCode Status { get; } = status;
    public string Call { get; } = call;
}

/// <summary>
/// The few GitHub REST calls the action makes, on HttpClient (Octokit is not obtainable here): the documented
/// headers, the base URL from <c>GITHUB_API_URL</c> (GitHub Enterprise works), pagination by the <c>link</c> header,
/// and GitHub's rate-limit rules: honour <c>retry-after</c>, wait for <c>x-ratelimit-reset</c> when
/// <c>x-ratelimit-remaining</c> is 0, back off on secondary limits, retry 5xx a bounded number of times, and
/// make writes one at a time. The token is sent only in the Authorization header and never appears in a message.
/// </summary>
internal sealed partial class GitHubClient : IForge
{
    public const int MaxCommentLength = 65_536;
    static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    readonly HttpClient http;
    readonly Uri api;
    readonly string token;
    readonly Func<TimeSpan, CancellationToken, Task> delay;
    readonly SemaphoreSlim writes = new(1, 1);
    public int MaxAttempts { get; init; } = 4;

    /// <summary>Where the web pages and git remotes are (GITHUB_SERVER_URL).</summary>
    public Uri ServerUrl { get; init; } = new("https://github.com/");

    /// <summary>Where waits and retries are told (the job log); rate-limit waits must not be silent.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Every wait the client made, for logs and tests.</summary>
    public List<TimeSpan> Waits { get; } = [];

    public GitHubClient(
        HttpClient http,
        Uri apiUrl,
        string token,
        Func<TimeSpan, CancellationToken, Task>? delay = null
    )
    {
        this.http = http;
        api = new Uri(apiUrl.ToString().TrimEnd('/') + "/");
        this.token = token;
        this.delay = delay ?? Task.Delay;
    }

    public static Uri ApiUrlFromEnvironment() =>
        new(Environment.GetEnvironmentVariable("GITHUB_API_URL") is { Length: > 0 } u ? u : "https://api.github.com");

    public int MaxBodyLength => MaxCommentLength;

    public async Task<string> DefaultBranchAsync(string repo, CancellationToken ct) =>
        (await GetRepoAsync(repo, ct)).DefaultBranch;

    public async Task<PullRequest?> FindOpenPullAsync(string repo, string head, CancellationToken ct) =>
        (await ListOpenPullsAsync(repo, repo.Split('/')[0], head, ct)).FirstOrDefault();

    /// <summary>GitHub's list filter <c>head</c> takes one exact branch: the series is listed whole and filtered
    /// here.</summary>
    public async Task<IReadOnlyList<PullRequest>> ListOpenPullsAsync(
        string repo,
        string headPrefix,
        CancellationToken ct
    ) =>
        (await PagesAsync<PullRequest>($"repos/{repo}/pulls?state=open&per_page=100", ct))
            .Where(p =>
                p.Head.Ref.StartsWith(headPrefix, StringComparison.Ordinal)
                && p.Head.Label?.StartsWith(repo.Split('/')[0] + ":", StringComparison.Ordinal) != false
            )
            .ToList();

    /// <summary>GitHub's issue list also returns pull requests (they carry <c>pull_request</c>): those are
    /// skipped.</summary>
    public async Task<Issue?> FindOpenIssueAsync(string repo, string marker, CancellationToken ct) =>
        (await PagesAsync<Issue>($"repos/{repo}/issues?state=open&per_page=100", ct)).FirstOrDefault(i =>
            i.PullRequest is not { ValueKind: JsonValueKind.Object }
            && i.Body?.Contains(marker, StringComparison.Ordinal) == true
        );

    /// <summary>The newest issue, open or closed, whose body holds the marker (pull requests skipped).</summary>
    public async Task<Issue?> FindIssueAsync(string repo, string marker, CancellationToken ct) =>
        (await PagesAsync<Issue>($"repos/{repo}/issues?state=all&per_page=100", ct))
            .Where(i =>
                i.PullRequest is not { ValueKind: JsonValueKind.Object }
                && i.Body?.Contains(marker, StringComparison.Ordinal) == true
            )
            .OrderByDescending(i => i.Number)
            .FirstOrDefault();

    public Task<Issue> CreateIssueAsync(
        string repo,
        string title,
        string body,
        IReadOnlyList<string> labels,
        CancellationToken ct
    )
    {
        var marker = body.Split('\n')[0];
        return SendAsync(
            HttpMethod.Post,
            $"repos/{repo}/issues",
            new
            {
                title,
                body = Cap(body),
                labels,
            },
            ct,
            recover: c => FindOpenIssueAsync(repo, marker, c)
        );
    }

    public Task<Issue> UpdateIssueAsync(
        string repo,
        int number,
        string title,
        string body,
        string state,
        CancellationToken ct
    ) =>
        SendAsync<Issue>(
            HttpMethod.Patch,
            $"repos/{repo}/issues/{number}",
            new
            {
                title,
                body = Cap(body),
                state,
            },
            ct
        );

    public async Task<PullRequest?> LastClosedPullAsync(string repo, string head, CancellationToken ct) =>
        (
            await PagesAsync<PullRequest>(
                $"repos/{repo}/pulls?state=closed&head={Uri.EscapeDataString(repo.Split('/')[0] + ":" + head)}"
                    + "&sort=updated&direction=desc&per_page=100",
                ct
            )
        )
            .OrderByDescending(p => p.Number)
            .FirstOrDefault();

    /// <summary>Creates the pull request. A create whose answer was lost (5xx, timeout) is looked up before any
    /// retry, and GitHub's 422 "already exists" finds the open one: never two pull requests.</summary>
    public async Task<PullRequest> CreatePullAsync(
        string repo,
        string title,
        string head,
        string baseBranch,
        string body,
        CancellationToken ct
    )
    {
        try
        {
            return await SendAsync(
                HttpMethod.Post,
                $"repos/{repo}/pulls",
                new
                {
                    title,
                    head,
                    @base = baseBranch,
                    body,
                    maintainer_can_modify = true,
                },
                ct,
                recover: c => FindOpenPullAsync(repo, head, c)
            );
        }
        catch (GitHubException e)
            when (e.Status == HttpStatusCode.UnprocessableEntity
                && e.Message.Contains("A pull request already exists", StringComparison.OrdinalIgnoreCase)
            )
        {
            return await FindOpenPullAsync(repo, head, ct)
                ?? throw new GitHubException(
                    "find the existing pull request",
                    HttpStatusCode.NotFound,
                    $"GitHub says a pull request for {head} exists, but none is open"
                );
        }
    }

    public Task<PullRequest> UpdatePullAsync(
        string repo,
        int number,
        string title,
        string? body,
        CancellationToken ct
    ) =>
        body == null
            ? SendAsync<PullRequest>(HttpMethod.Patch, $"repos/{repo}/pulls/{number}", new { title }, ct)
            : SendAsync<PullRequest>(HttpMethod.Patch, $"repos/{repo}/pulls/{number}", new { title, body }, ct);

    public string FileLineUrl(PullRequest pull, string path, int line) => LineUrl(pull, path, line);

    /// <summary>GitHub's link to a line of a pull request's changed files (the anchor is the path's SHA-256).</summary>
    public static string LineUrl(PullRequest pull, string path, int line) =>
        $"{pull.HtmlUrl}/files#diff-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path)))}R{line}";

    public string CloneUrl(string repo) => $"{ServerUrl.ToString().TrimEnd('/')}/{repo}.git";

    /// <summary>The token travels as an HTTP header set through git's environment configuration, so it is in no
    /// command line and no remote URL (as actions/checkout does).</summary>
    public IReadOnlyDictionary<string, string> GitCredentials(string token) =>
        new Dictionary<string, string>
        {
            ["GIT_CONFIG_COUNT"] = "1",
            ["GIT_CONFIG_KEY_0"] = "http.extraheader",
            ["GIT_CONFIG_VALUE_0"] =
                "AUTHORIZATION: basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + token)),
        };

    public async Task<bool> HasReviewAsync(string repo, int number, string marker, CancellationToken ct) =>
        (await PagesAsync<IssueComment>($"repos/{repo}/pulls/{number}/reviews?per_page=100", ct)).Any(r =>
            r.Body.Contains(marker, StringComparison.Ordinal)
        );

    /// <summary>GitHub's review API: one review with its line comments in one call (a lost answer is looked up by the
    /// marker in the body before any retry).</summary>
    public async Task CreateReviewAsync(
        string repo,
        int number,
        string commitId,
        string body,
        IReadOnlyList<ReviewComment> comments,
        CancellationToken ct
    )
    {
        var marker = body.Split('\n')[0];
        await SendAsync(
            HttpMethod.Post,
            $"repos/{repo}/pulls/{number}/reviews",
            new
            {
                commit_id = commitId,
                body,
                @event = "COMMENT",
                comments = comments
                    .Select(c => new
                    {
                        // A multi-line comment names its first line and side too; a suggestion in it replaces
                        // start_line..line.
                        path = c.Path,
                        start_line = c.StartLine,
                        start_side = c.StartLine != null ? "RIGHT" : null,
                        line = c.Line,
                        side = "RIGHT",
                        body = c.Body,
                    })
                    .ToList(),
            },
            ct,
            recover: async c =>
                (await PagesAsync<IssueComment>($"repos/{repo}/pulls/{number}/reviews?per_page=100", c)).FirstOrDefault(
                    r => r.Body.Contains(marker, StringComparison.Ordinal)
                )
        );
    }

    public Task<RepoInfo> GetRepoAsync(string repo, CancellationToken ct = default) =>
        SendAsync<RepoInfo>(HttpMethod.Get, $"repos/{repo}", null, ct);

    public async Task<IReadOnlyList<PullRequest>> ListOpenPullsAsync(
        string repo,
        string headOwner,
        string branch,
        CancellationToken ct = default
    ) =>
        await PagesAsync<PullRequest>(
            $"repos/{repo}/pulls?state=open&head={Uri.EscapeDataString(headOwner + ":" + branch)}&per_page=100",
            ct
        );

    public Task AddLabelsAsync(string repo, int number, IReadOnlyList<string> labels, CancellationToken ct) =>
        labels.Count == 0
            ? Task.CompletedTask
            : SendAsync<JsonElement>(HttpMethod.Post, $"repos/{repo}/issues/{number}/labels", new { labels }, ct);

    public Task RequestReviewersAsync(string repo, int number, IReadOnlyList<string> reviewers, CancellationToken ct) =>
        reviewers.Count == 0
            ? Task.CompletedTask
            : SendAsync<JsonElement>(
                HttpMethod.Post,
                $"repos/{repo}/pulls/{number}/requested_reviewers",
                new { reviewers },
                ct
            );

    public async Task<IReadOnlyList<IssueComment>> ListCommentsAsync(string repo, int number, CancellationToken ct) =>
        await PagesAsync<IssueComment>($"repos/{repo}/issues/{number}/comments?per_page=100", ct);

    /// <summary>One comment per pull request and marker, found by the hidden marker and edited in place. A create
    /// whose answer was lost is looked up by its marker before any retry: never a second comment.</summary>
    public async Task<(IssueComment Comment, bool Created)> UpsertStickyCommentAsync(
        string repo,
        int number,
        string marker,
        string body,
        CancellationToken ct
    )
    {
        var text = Cap(marker + "\n" + body);
        async Task<IssueComment?> Find(CancellationToken c) =>
            (await ListCommentsAsync(repo, number, c)).FirstOrDefault(x =>
                x.Body.Contains(marker, StringComparison.Ordinal)
            );
        var existing = await Find(ct);
        if (existing == null)
            return (
                await SendAsync(
                    HttpMethod.Post,
                    $"repos/{repo}/issues/{number}/comments",
                    new { body = text },
                    ct,
                    recover: Find
                ),
                true
            );
        if (existing.Body == text)
            return (existing, false);
        return (
            await SendAsync<IssueComment>(
                HttpMethod.Patch,
                $"repos/{repo}/issues/comments/{existing.Id}",
                new { body = text },
                ct
            ),
            false
        );
    }
}
