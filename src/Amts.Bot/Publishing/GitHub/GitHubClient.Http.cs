using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amts.Bot.Errors;

namespace Amts.Bot.Publishing.GitHub;

/// <summary>GitHub's HTTP rules for every call of <see cref="GitHubClient"/>: pages, retries (5xx, timeouts, lost
/// writes looked up first), rate limits (primary and secondary, waits told), error text cut to its message.</summary>
internal sealed partial class GitHubClient
{
    /// <summary>GitHub refuses bodies over 65,536 characters: cut, with a note, rather than fail.</summary>
    public static string Cap(string body)
    {
        if (body.Length <= MaxCommentLength)
            return body;
        const string note =
            "\n\n…(cut: GitHub takes at most 65,536 characters; the full report is report.json and pr.md in the "
            + "job's artifact)";
        int keep = MaxCommentLength - note.Length;
        if (char.IsHighSurrogate(body[keep - 1]))
            keep--;
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
        if (link == null)
            return null;
        var m = Regex.Match(link, @"<([^>]+)>;\s*rel=""next""");
        return m.Success ? new Uri(m.Groups[1].Value) : null;
    }

    async Task<T> SendAsync<T>(
        HttpMethod method,
        string path,
        object? body,
        CancellationToken ct,
        Func<CancellationToken, Task<T?>>? recover = null
    ) => (await SendRawAsync(method, new Uri(api, path), body, ct, recover)).Value;

    /// <summary>One call with GitHub's retry rules. A write that is not idempotent passes <paramref name="recover"/>:
    /// after a 5xx or a timeout GitHub may have stored it, so it is looked up before the write is repeated.</summary>
    async Task<(T Value, string? Link)> SendRawAsync<T>(
        HttpMethod method,
        Uri uri,
        object? body,
        CancellationToken ct,
        Func<CancellationToken, Task<T?>>? recover = null
    )
    {
        bool write = method != HttpMethod.Get;
        if (write)
            await writes.WaitAsync(ct);
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
                if (body != null)
                    request.Content = new StringContent(
                        JsonSerializer.Serialize(body, Json),
                        Encoding.UTF8,
                        "application/json"
                    );
                HttpResponseMessage response;
                try
                {
                    response = await http.SendAsync(request, ct);
                }
                catch (Exception e)
                    when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
                {
                    var what =
                        e is TaskCanceledException
                            ? $"no answer within {http.Timeout.TotalSeconds:0} s"
                            : $"could not reach {api.Host}: {e.Message}";
                    if (attempt >= MaxAttempts)
                        throw new GitHubException(
                            call,
                            e is TaskCanceledException
                                ? HttpStatusCode.RequestTimeout
                                : HttpStatusCode.ServiceUnavailable,
                            $"{what} ({attempt} attempts)",
                            "GitHub may be down or slow (https://www.githubstatus.com); re-run the job later"
                        );
                    Log?.Invoke($"GitHub {call}: {what}; retrying");
                    if (write && recover != null && await recover(ct) is { } stored)
                        return (stored, null);
                    await Wait(Backoff(attempt), ct);
                    continue;
                }
                using (response)
                {
                    var text = await response.Content.ReadAsStringAsync(ct);
                    if (response.IsSuccessStatusCode)
                    {
                        var link = response.Headers.TryGetValues("link", out var l) ? l.First() : null;
                        var value =
                            typeof(T) == typeof(JsonElement) && text.Length == 0
                                ? default!
                                : JsonSerializer.Deserialize<T>(text, Json)!;
                        return (value, link);
                    }
                    if (response.StatusCode == HttpStatusCode.Unauthorized)
                        throw new GitHubException(
                            call,
                            response.StatusCode,
                            "the token was refused: " + Describe(text).Replace(token, "***"),
                            "the github_token input has expired or was revoked; renew the secret (a GitHub App token "
                                + "lasts one hour: create it in the same job)"
                        );
                    var wait = RateLimitWait(response, text, attempt);
                    if (wait != null && attempt < MaxAttempts)
                    {
                        Log?.Invoke(
                            $"GitHub rate limit on {call}: waiting {wait.Value.TotalSeconds:0} s (until "
                                + $"{DateTimeOffset.UtcNow + wait.Value:HH:mm:ss} UTC) before retrying"
                        );
                        await Wait(wait.Value, ct);
                        continue;
                    }
                    if ((int)response.StatusCode >= 500 && attempt < MaxAttempts)
                    {
                        Log?.Invoke($"GitHub {call}: HTTP {(int)response.StatusCode}; retrying");
                        if (write && recover != null && await recover(ct) is { } stored)
                            return (stored, null);
                        await Wait(Backoff(attempt), ct);
                        continue;
                    }
                    throw new GitHubException(call, response.StatusCode, Describe(text).Replace(token, "***"));
                }
            }
        }
        finally
        {
            if (write)
                writes.Release();
        }
    }

    /// <summary>How long GitHub asks us to wait, if this is a rate-limit answer (primary or secondary).</summary>
    static TimeSpan? RateLimitWait(HttpResponseMessage response, string body, int attempt)
    {
        if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests))
            return null;
        if (response.Headers.TryGetValues("retry-after", out var ra) && int.TryParse(ra.First(), out var seconds))
            return TimeSpan.FromSeconds(seconds);
        if (
            response.Headers.TryGetValues("x-ratelimit-remaining", out var rem)
            && rem.First() == "0"
            && response.Headers.TryGetValues("x-ratelimit-reset", out var reset)
            && long.TryParse(reset.First(), out var epoch)
        )
            return TimeSpan.FromSeconds(Math.Max(1, epoch - DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1));
        if (body.Contains("secondary rate limit", StringComparison.OrdinalIgnoreCase))
            // GitHub: wait at least a minute, longer each time
            return TimeSpan.FromSeconds(60 * Math.Pow(2, attempt - 1));
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
                message +=
                    ": "
                    + string.Join(
                        "; ",
                        errors
                            .EnumerateArray()
                            .Select(e =>
                                // An error is an object with a message, or (a refused review: "... must be part of the
                                // diff") a string.
                                e.ValueKind == JsonValueKind.Object
                                && e.TryGetProperty("message", out var em)
                                    ? em.GetString()
                                    : e.ToString()
                            )
                    );
            return message;
        }
        catch (JsonException)
        {
            return ServiceErrorText.OfNonJson(body);
        }
    }
}
