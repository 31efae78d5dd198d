using Amts.Bot.Errors;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Amts.Bot.Publishing.GitHub;

public sealed class GitHubException(string call, HttpStatusCode status, string message)
    : AmtsException(ErrorKind.Service, $"GitHub {call} failed (HTTP {(int)status}): {message}")
{
    public HttpStatusCode Status { get; } = status;
    public string Call { get; } = call;
}

public sealed record RepoInfo([property: JsonPropertyName("full_name")] string FullName, [property: JsonPropertyName("default_branch")] string DefaultBranch);
public sealed record PullRef([property: JsonPropertyName("ref")] string Ref, [property: JsonPropertyName("label")] string? Label);
public sealed record PullRequest(
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("html_url")] string HtmlUrl,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("body")] string? Body,
    [property: JsonPropertyName("head")] PullRef Head,
    [property: JsonPropertyName("base")] PullRef Base);
public sealed record IssueComment([property: JsonPropertyName("id")] long Id, [property: JsonPropertyName("body")] string Body, [property: JsonPropertyName("html_url")] string? HtmlUrl);

/// <summary>
/// The few GitHub REST calls the action makes, on HttpClient (Octokit is not obtainable here): the documented
/// headers, the base URL from <c>GITHUB_API_URL</c> (GitHub Enterprise works), pagination by the <c>link</c> header,
/// and GitHub's rate-limit rules: honour <c>retry-after</c>, wait for <c>x-ratelimit-reset</c> when
/// <c>x-ratelimit-remaining</c> is 0, back off on secondary limits, retry 5xx a bounded number of times, and
/// make writes one at a time. The token is sent only in the Authorization header and never appears in a message.
/// </summary>
public sealed class GitHubClient
{
    public const int MaxCommentLength = 65_536;
    static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    readonly HttpClient http;
    readonly Uri api;
    readonly string token;
    readonly Func<TimeSpan, CancellationToken, Task> delay;
    readonly SemaphoreSlim writes = new(1, 1);
    public int MaxAttempts { get; init; } = 4;
    /// <summary>Every wait the client made, for logs and tests.</summary>
    public List<TimeSpan> Waits { get; } = [];

    public GitHubClient(HttpClient http, Uri apiUrl, string token, Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        this.http = http;
        api = new Uri(apiUrl.ToString().TrimEnd('/') + "/");
        this.token = token;
        this.delay = delay ?? Task.Delay;
    }

    public static Uri ApiUrlFromEnvironment() => new(Environment.GetEnvironmentVariable("GITHUB_API_URL") is { Length: > 0 } u ? u : "https://api.github.com");

    public Task<RepoInfo> GetRepoAsync(string repo, CancellationToken ct = default) => SendAsync<RepoInfo>(HttpMethod.Get, $"repos/{repo}", null, ct);

    public async Task<IReadOnlyList<PullRequest>> ListOpenPullsAsync(string repo, string headOwner, string branch, CancellationToken ct = default) =>
        await PagesAsync<PullRequest>($"repos/{repo}/pulls?state=open&head={Uri.EscapeDataString(headOwner + ":" + branch)}&per_page=100", ct);

    /// <summary>Creates the pull request, or, when GitHub answers 422 "A pull request already exists", finds the open
    /// one for the same head and updates its title and body. Returns it and whether it was created.</summary>
    public async Task<(PullRequest Pull, bool Created)> CreateOrUpdatePullAsync(string repo, string title, string head, string baseBranch, string body, CancellationToken ct = default)
    {
        try
        {
            var created = await SendAsync<PullRequest>(HttpMethod.Post, $"repos/{repo}/pulls", new { title, head, @base = baseBranch, body = Cap(body), maintainer_can_modify = true }, ct);
            return (created, true);
        }
        catch (GitHubException e) when (e.Status == HttpStatusCode.UnprocessableEntity && e.Message.Contains("A pull request already exists", StringComparison.OrdinalIgnoreCase))
        {
            var owner = repo.Split('/')[0];
            var existing = (await ListOpenPullsAsync(repo, owner, head, ct)).FirstOrDefault()
                ?? throw new GitHubException("find the existing pull request", HttpStatusCode.NotFound, $"GitHub says a pull request for {head} exists, but none is open");
            var updated = await SendAsync<PullRequest>(HttpMethod.Patch, $"repos/{repo}/pulls/{existing.Number}", new { title, body = Cap(body) }, ct);
            return (updated, false);
        }
    }

    public Task AddLabelsAsync(string repo, int number, IReadOnlyList<string> labels, CancellationToken ct = default) =>
        labels.Count == 0 ? Task.CompletedTask : SendAsync<JsonElement>(HttpMethod.Post, $"repos/{repo}/issues/{number}/labels", new { labels }, ct);

    public Task RequestReviewersAsync(string repo, int number, IReadOnlyList<string> reviewers, CancellationToken ct = default) =>
        reviewers.Count == 0 ? Task.CompletedTask : SendAsync<JsonElement>(HttpMethod.Post, $"repos/{repo}/pulls/{number}/requested_reviewers", new { reviewers }, ct);

    public async Task<IReadOnlyList<IssueComment>> ListCommentsAsync(string repo, int number, CancellationToken ct = default) =>
        await PagesAsync<IssueComment>($"repos/{repo}/issues/{number}/comments?per_page=100", ct);

    /// <summary>One comment per pull request, found by a hidden marker and edited in place.</summary>
    public async Task<(IssueComment Comment, bool Created)> UpsertStickyCommentAsync(string repo, int number, string marker, string body, CancellationToken ct = default)
    {
        var text = Cap(marker + "\n" + body);
        var existing = (await ListCommentsAsync(repo, number, ct)).FirstOrDefault(c => c.Body.Contains(marker, StringComparison.Ordinal));
        if (existing == null) return (await SendAsync<IssueComment>(HttpMethod.Post, $"repos/{repo}/issues/{number}/comments", new { body = text }, ct), true);
        if (existing.Body == text) return (existing, false);
        return (await SendAsync<IssueComment>(HttpMethod.Patch, $"repos/{repo}/issues/comments/{existing.Id}", new { body = text }, ct), false);
    }

    /// <summary>GitHub refuses bodies over 65,536 characters: cut, with a note, rather than fail.</summary>
    public static string Cap(string body)
    {
        if (body.Length <= MaxCommentLength) return body;
        const string note = "\n\n…(cut: GitHub takes at most 65,536 characters; the full report is in the job's artifacts)";
        int keep = MaxCommentLength - note.Length;
        if (char.IsHighSurrogate(body[keep - 1])) keep--;
        return body[..keep] + note;
    }

    async Task<List<T>> PagesAsync<T>(string path, CancellationToken ct)
    {
        var all = new List<T>();
        Uri? next = new(api, path);
        while (next != null)
        {
            var (page, link) = await SendRawAsync<List<T>>(HttpMethod.Get, next, null, ct);
            all.AddRange(page);
            next = NextLink(link);
        }
        return all;
    }

    static Uri? NextLink(string? link)
    {
        if (link == null) return null;
        var m = Regex.Match(link, @"<([^>]+)>;\s*rel=""next""");
        return m.Success ? new Uri(m.Groups[1].Value) : null;
    }

    async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct) => (await SendRawAsync<T>(method, new Uri(api, path), body, ct)).Value;

    async Task<(T Value, string? Link)> SendRawAsync<T>(HttpMethod method, Uri uri, object? body, CancellationToken ct)
    {
        bool write = method != HttpMethod.Get;
        if (write) await writes.WaitAsync(ct);
        try
        {
            var call = $"{method} {uri.AbsolutePath}";
            for (int attempt = 1; ; attempt++)
            {
                using var request = new HttpRequestMessage(method, uri);
                request.Headers.Accept.ParseAdd("application/vnd.github+json");
                request.Headers.TryAddWithoutValidation("X-GitHub-Api-Version", "2022-11-28");
                request.Headers.UserAgent.ParseAdd("amts-bot/1.0");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                if (body != null) request.Content = new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json");
                HttpResponseMessage response;
                try { response = await http.SendAsync(request, ct); }
                catch (HttpRequestException) when (attempt < MaxAttempts)
                {
                    await Wait(Backoff(attempt), ct);
                    continue;
                }
                using (response)
                {
                    var text = await response.Content.ReadAsStringAsync(ct);
                    if (response.IsSuccessStatusCode)
                    {
                        var link = response.Headers.TryGetValues("link", out var l) ? l.First() : null;
                        var value = typeof(T) == typeof(JsonElement) && text.Length == 0 ? default! : JsonSerializer.Deserialize<T>(text, Json)!;
                        return (value, link);
                    }
                    var wait = RateLimitWait(response, text, attempt);
                    if (wait != null && attempt < MaxAttempts) { await Wait(wait.Value, ct); continue; }
                    if ((int)response.StatusCode >= 500 && attempt < MaxAttempts) { await Wait(Backoff(attempt), ct); continue; }
                    throw new GitHubException(call, response.StatusCode, Describe(text).Replace(token, "***"));
                }
            }
        }
        finally
        {
            if (write) writes.Release();
        }
    }

    /// <summary>How long GitHub asks us to wait, if this is a rate-limit answer (primary or secondary).</summary>
    static TimeSpan? RateLimitWait(HttpResponseMessage response, string body, int attempt)
    {
        if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests)) return null;
        if (response.Headers.TryGetValues("retry-after", out var ra) && int.TryParse(ra.First(), out var seconds)) return TimeSpan.FromSeconds(seconds);
        if (response.Headers.TryGetValues("x-ratelimit-remaining", out var rem) && rem.First() == "0"
            && response.Headers.TryGetValues("x-ratelimit-reset", out var reset) && long.TryParse(reset.First(), out var epoch))
            return TimeSpan.FromSeconds(Math.Max(1, epoch - DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1));
        if (body.Contains("secondary rate limit", StringComparison.OrdinalIgnoreCase))
            return TimeSpan.FromSeconds(60 * Math.Pow(2, attempt - 1)); // GitHub: wait at least a minute, longer each time
        return null;
    }

    static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(Math.Pow(2, attempt - 1));

    async Task Wait(TimeSpan t, CancellationToken ct)
    {
        Waits.Add(t);
        await delay(t, ct);
    }

    static string Describe(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var message = doc.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? "" : body;
            if (doc.RootElement.TryGetProperty("errors", out var errors))
                message += ": " + string.Join("; ", errors.EnumerateArray().Select(e => e.TryGetProperty("message", out var em) ? em.GetString() : e.ToString()));
            return message;
        }
        catch (JsonException) { return body.Length > 300 ? body[..300] : body; }
    }
}
