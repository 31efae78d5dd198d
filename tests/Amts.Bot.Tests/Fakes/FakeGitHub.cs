using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Amts.Bot.Tests.Fakes;

/// <summary>
/// A stand-in for the GitHub REST API on 127.0.0.1, built from its documented behaviour: the required headers,
/// repositories, pull requests with the real 422 on a duplicate, issue comments with <c>link</c> pagination,
/// labels, requested reviewers, rate-limit headers on every answer, and a secondary limit (403 with
/// <c>retry-after</c>) or a primary one (remaining 0) on demand.
/// </summary>
public sealed class FakeGitHub : IDisposable
{
    public const string Token = "ghs_faketoken1234567890";
    readonly HttpListener listener;
    readonly CancellationTokenSource stop = new();
    readonly Task loop;
    public Uri ApiUrl { get; }
    public readonly ConcurrentDictionary<string, string> Repos = new(); // full name -> default branch
    public readonly List<Pull> Pulls = [];
    public readonly List<Comment> Comments = [];
    public readonly List<string> Requests = [];
    public int PageSize { get; set; } = 10;

    int LastPage(int count) => (count + PageSize - 1) / PageSize;

    /// <summary>The token GitHub accepts (another one gets GitHub's 401 "Bad credentials").</summary>
    public string AcceptedToken { get; set; } = Token;
    int secondaryLimitNext,
        primaryLimitNext,
        serverErrorNext,
        storeThenFailNext;

    /// <summary>Reviewers GitHub refuses with its 422 ("not a collaborator").</summary>
    public readonly HashSet<string> NotCollaborators = [];

    /// <summary>How long every answer takes (a slow API).</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>Answers this many more requests slowly before answering fast again.</summary>
    public int SlowNext;
    long nextId = 1000;

    public sealed class Pull
    {
        public required int Number;
        public required string Repo;
        public required string Title;
        public required string Body;
        public required string Head;
        public required string Base;
        public string State = "open";
        public List<string> Labels = [];
        public List<string> Reviewers = [];
        public string? MergedAt;
    }

    /// <summary>The right-side line ranges of a pull request's diff, per file (repository, base branch, commit): when
    /// set, a review comment outside them is refused as GitHub refuses it, with 422 for the whole review.</summary>
    public Func<string, string, string, IReadOnlyList<(string Path, int First, int Last)>>? DiffHunks { get; set; }

    public sealed class Review
    {
        public required long Id;
        public required string Repo;
        public required int Pull;
        public required string Body;
        public required string CommitId;
        public List<(string Path, int Line, string Body, int? StartLine)> Comments = [];
    }

    public readonly List<Review> Reviews = [];

    /// <summary>An issue; issues and pull requests share one number sequence, as on GitHub.</summary>
    public sealed class IssueItem
    {
        public required int Number;
        public required string Repo;
        public required string Title;
        public required string Body;
        public string State = "open";
        public List<string> Labels = [];

        /// <summary>GitHub's <c>state_reason</c>: null while open (never reopened), <c>completed</c> or
        /// <c>not_planned</c>
        /// once closed, <c>reopened</c> after a reopen.</summary>
        public string? StateReason;
    }

    /// <summary>A maintainer closes an issue on github.com ("Close as completed" or "Close as not planned").</summary>
    public void CloseIssue(int number, string reason = "completed")
    {
        lock (Pulls)
        {
            var issue = Issues.Single(i => i.Number == number);
            (issue.State, issue.StateReason) = ("closed", reason);
        }
    }

    public readonly List<IssueItem> Issues = [];
    int lastNumber;

    public sealed class Comment
    {
        public required long Id;
        public required string Repo;
        public required int Issue;
        public required string Body;
    }

    public FakeGitHub()
    {
        (listener, var port) = LoopbackListener.Start();
        ApiUrl = new Uri($"http://127.0.0.1:{port}/api/v3/");
        loop = Task.Run(Serve);
    }

    public void SecondaryLimitNext(int n) => secondaryLimitNext = n;

    public void PrimaryLimitNext(int n) => primaryLimitNext = n;

    public void ServerErrorNext(int n) => serverErrorNext = n;

    /// <summary>The next n writes are stored, then answered with 502 (the response is lost on the way, as happens
    /// behind GitHub's load balancers): a client that retries blindly writes twice.</summary>
    public void StoreThenFailNext(int n, string? pathContains = null)
    {
        storeThenFailNext = n;
        storeThenFailPath = pathContains;
    }

    string? storeThenFailPath;

    /// <summary>Merges (closes with merged_at) or closes a pull request, as a maintainer would on github.com.</summary>
    public void Close(int number, bool merged)
    {
        lock (Pulls)
        {
            var pull = Pulls.Single(p => p.Number == number);
            pull.State = "closed";
            if (merged)
                pull.MergedAt = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");
        }
    }

    async Task Serve()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext c;
            try
            {
                c = await listener.GetContextAsync();
            }
            catch (Exception)
            {
                return;
            }
            _ = Task.Run(async () =>
            {
                if (Latency > TimeSpan.Zero || Interlocked.Decrement(ref SlowNext) >= 0)
                    await Task.Delay(Latency > TimeSpan.Zero ? Latency : TimeSpan.FromSeconds(3));
                try
                {
                    Handle(c);
                }
                catch (Exception e)
                {
                    try
                    {
                        Reply(c, 500, new { message = e.Message });
                    }
                    catch (Exception) { }
                }
            });
        }
    }

    void Handle(HttpListenerContext c)
    {
        lostResponse.Value = false;
        var req = c.Request;
        var path = req.Url!.AbsolutePath;
        lock (Requests)
            Requests.Add($"{req.HttpMethod} {path}");
        if (req.Headers["Authorization"] != $"Bearer {AcceptedToken}")
        {
            Reply(c, 401, new { message = "Bad credentials", documentation_url = "https://docs.github.com/rest" });
            return;
        }
        if (
            req.Headers["Accept"] != "application/vnd.github+json"
            || req.Headers["X-GitHub-Api-Version"] != "2022-11-28"
            || string.IsNullOrEmpty(req.UserAgent)
        )
        {
            Reply(c, 400, new { message = "Missing Accept, X-GitHub-Api-Version or User-Agent" });
            return;
        }
        if (Interlocked.Decrement(ref secondaryLimitNext) >= 0)
        {
            c.Response.AddHeader("retry-after", "1");
            Reply(
                c,
                403,
                new
                {
                    message = "You have exceeded a secondary rate limit. Please wait a few minutes before you try "
                        + "again.",
                }
            );
            return;
        }
        if (Interlocked.Decrement(ref primaryLimitNext) >= 0)
        {
            Reply(c, 403, new { message = "API rate limit exceeded for installation." }, remaining: 0);
            return;
        }
        if (Interlocked.Decrement(ref serverErrorNext) >= 0)
        {
            ReplyErrorPage(c);
            return;
        }
        var body = new StreamReader(req.InputStream, Encoding.UTF8).ReadToEnd();
        if (
            req.HttpMethod != "GET"
            && (storeThenFailPath == null || path.Contains(storeThenFailPath, StringComparison.Ordinal))
            && Interlocked.Decrement(ref storeThenFailNext) >= 0
        )
            lostResponse.Value = true;
        var json = body.Length > 0 ? JsonDocument.Parse(body).RootElement.Clone() : default;
        Match m;
        lock (Pulls)
        {
            if ((m = Regex.Match(path, @"^/api/v3/repos/([^/]+/[^/]+)$")).Success && req.HttpMethod == "GET")
            {
                if (!Repos.TryGetValue(m.Groups[1].Value, out var branch))
                {
                    Reply(c, 404, new { message = "Not Found" });
                    return;
                }
                Reply(c, 200, new { full_name = m.Groups[1].Value, default_branch = branch });
                return;
            }
            if ((m = Regex.Match(path, @"^/api/v3/repos/([^/]+/[^/]+)/pulls$")).Success)
            {
                var repo = m.Groups[1].Value;
                if (req.HttpMethod == "POST")
                {
                    var head = json.GetProperty("head").GetString()!;
                    var baseBranch = json.GetProperty("base").GetString()!;
                    if (json.GetProperty("body").GetString()!.Length > 65_536)
                    {
                        Reply(
                            c,
                            422,
                            new
                            {
                                message = "Validation Failed",
                                errors = new[]
                                {
                                    new
                                    {
                                        resource = "PullRequest",
                                        code = "custom",
                                        field = "body",
                                        message = "body is too long (maximum is 65536 characters)",
                                    },
                                },
                            }
                        );
                        return;
                    }
                    if (Pulls.Any(p => p.Repo == repo && p.Head == head && p.Base == baseBranch && p.State == "open"))
                    {
                        Reply(
                            c,
                            422,
                            new
                            {
                                message = "Validation Failed",
                                errors = new[]
                                {
                                    new
                                    {
                                        resource = "PullRequest",
                                        code = "custom",
                                        message = $"A pull request already exists for {repo.Split('/')[0]}:{head}.",
                                    },
                                },
                                documentation_url = "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
                            }
                        );
                        return;
                    }
                    var pull = new Pull
                    {
                        Number = ++lastNumber,
                        Repo = repo,
                        Title = json.GetProperty("title").GetString()!,
                        Body = json.GetProperty("body").GetString()!,
                        Head = head,
                        Base = baseBranch,
                    };
                    Pulls.Add(pull);
                    Reply(c, 201, PullJson(pull));
                    return;
                }
                var query = System.Web.HttpUtility.ParseQueryString(req.Url.Query);
                var list = Pulls
                    .Where(p =>
                        p.Repo == repo
                        && (query["state"] is "all" || p.State == (query["state"] ?? "open"))
                        && (query["head"] == null || query["head"] == $"{repo.Split('/')[0]}:{p.Head}")
                    )
                    .OrderByDescending(p => p.Number)
                    .Select(PullJson)
                    .ToList();
                int page = int.TryParse(query["page"], out var pg) ? pg : 1;
                query.Remove("page");
                if (page * PageSize < list.Count)
                    c.Response.AddHeader("link", $"<{ApiUrl}repos/{repo}/pulls?{query}&page={page + 1}>; rel=\"next\"");
                Reply(c, 200, list.Skip((page - 1) * PageSize).Take(PageSize).ToList());
                return;
            }
            if ((m = Regex.Match(path, @"^/api/v3/repos/([^/]+/[^/]+)/issues$")).Success)
            {
                var repo = m.Groups[1].Value;
                if (req.HttpMethod == "POST")
                {
                    var text = json.GetProperty("body").GetString()!;
                    if (text.Length > 65_536)
                    {
                        Reply(
                            c,
                            422,
                            new
                            {
                                message = "Validation Failed",
                                errors = new[]
                                {
                                    new
                                    {
                                        resource = "Issue",
                                        code = "custom",
                                        field = "body",
                                        message = "body is too long (maximum is 65536 characters)",
                                    },
                                },
                            }
                        );
                        return;
                    }
                    var issue = new IssueItem
                    {
                        Number = ++lastNumber,
                        Repo = repo,
                        Title = json.GetProperty("title").GetString()!,
                        Body = text,
                        Labels = json.TryGetProperty("labels", out var ls)
                            ? ls.EnumerateArray().Select(l => l.GetString()!).ToList()
                            : [],
                    };
                    Issues.Add(issue);
                    Reply(c, 201, IssueJson(issue));
                    return;
                }
                // GitHub lists pull requests among the issues (with a pull_request key), newest first, paginated.
                var query = System.Web.HttpUtility.ParseQueryString(req.Url.Query);
                var state = query["state"] ?? "open";
                var all = Issues
                    .Where(i => i.Repo == repo && (state == "all" || i.State == state))
                    .Select(i => (i.Number, Json: IssueJson(i)))
                    .Concat(
                        Pulls
                            .Where(p => p.Repo == repo && (state == "all" || p.State == state))
                            .Select(p =>
                                (
                                    p.Number,
                                    Json: (object)
                                        new
                                        {
                                            number = p.Number,
                                            html_url = $"https://github.example/{p.Repo}/pull/{p.Number}",
                                            state = p.State,
                                            title = p.Title,
                                            body = p.Body,
                                            pull_request = new { url = $"{ApiUrl}repos/{p.Repo}/pulls/{p.Number}" },
                                        }
                                )
                            )
                    )
                    .OrderByDescending(x => x.Number)
                    .Select(x => x.Json)
                    .ToList();
                int page = int.TryParse(query["page"], out var pg) ? pg : 1;
                if (page * PageSize < all.Count)
                    c.Response.AddHeader(
                        "link",
                        $"<{ApiUrl}repos/{repo}/issues?state={state}&per_page=100&page={page + 1}>; rel=\"next\""
                    );
                Reply(c, 200, all.Skip((page - 1) * PageSize).Take(PageSize).ToList());
                return;
            }
            if (
                (m = Regex.Match(path, @"^/api/v3/repos/([^/]+/[^/]+)/issues/(\d+)$")).Success
                && req.HttpMethod == "PATCH"
            )
            {
                var issue = Issues.SingleOrDefault(i =>
                    i.Repo == m.Groups[1].Value && i.Number == int.Parse(m.Groups[2].Value)
                );
                if (issue == null)
                {
                    Reply(c, 404, new { message = "Not Found" });
                    return;
                }
                if (json.TryGetProperty("title", out var t))
                    issue.Title = t.GetString()!;
                if (json.TryGetProperty("body", out var b))
                {
                    if (b.GetString()!.Length > 65_536)
                    {
                        Reply(c, 422, new { message = "Validation Failed" });
                        return;
                    }
                    issue.Body = b.GetString()!;
                }
                if (json.TryGetProperty("state", out var st))
                {
                    if (st.GetString() is not ("open" or "closed"))
                    {
                        Reply(c, 422, new { message = "Validation Failed" });
                        return;
                    }
                    // GitHub's state_reason: "completed" by default on a close, "reopened" on a reopen; one of
                    // completed, not_planned, duplicate, reopened or null, ignored unless the state changes.
                    var reason = json.TryGetProperty("state_reason", out var sr) ? sr.GetString() : null;
                    if (reason is not (null or "completed" or "not_planned" or "duplicate" or "reopened"))
                    {
                        Reply(c, 422, new { message = "Validation Failed" });
                        return;
                    }
                    if (st.GetString() != issue.State)
                        issue.StateReason = st.GetString() == "closed" ? reason ?? "completed" : "reopened";
                    issue.State = st.GetString()!;
                }
                Reply(c, 200, IssueJson(issue));
                return;
            }
            if (
                (m = Regex.Match(path, @"^/api/v3/repos/([^/]+/[^/]+)/pulls/(\d+)$")).Success
                && req.HttpMethod == "PATCH"
            )
            {
                var pull = Pulls.Single(p => p.Repo == m.Groups[1].Value && p.Number == int.Parse(m.Groups[2].Value));
                if (json.TryGetProperty("title", out var t))
                    pull.Title = t.GetString()!;
                if (json.TryGetProperty("body", out var b))
                    pull.Body = b.GetString()!;
                Reply(c, 200, PullJson(pull));
                return;
            }
            if (
                (m = Regex.Match(path, @"^/api/v3/repos/([^/]+/[^/]+)/issues/(\d+)/labels$")).Success
                && req.HttpMethod == "POST"
            )
            {
                var pull = Pulls.Single(p => p.Repo == m.Groups[1].Value && p.Number == int.Parse(m.Groups[2].Value));
                pull.Labels = pull
                    .Labels.Union(json.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!))
                    .ToList();
                Reply(c, 200, pull.Labels.Select(l => new { name = l }));
                return;
            }
            if (
                (m = Regex.Match(path, @"^/api/v3/repos/([^/]+/[^/]+)/pulls/(\d+)/requested_reviewers$")).Success
                && req.HttpMethod == "POST"
            )
            {
                var pull = Pulls.Single(p => p.Repo == m.Groups[1].Value && p.Number == int.Parse(m.Groups[2].Value));
                if (json.GetProperty("reviewers").EnumerateArray().Any(r => NotCollaborators.Contains(r.GetString()!)))
                {
                    Reply(
                        c,
                        422,
                        new
                        {
                            message = "Reviews may only be requested from collaborators. One or more of the users or "
                                + "teams you specified is not a collaborator of the "
                                + pull.Repo
                                + " repository.",
                            documentation_url = "https://docs.github.com/rest/pulls/review-requests"
                                + "#request-reviewers-for-a-pull-request",
                        }
                    );
                    return;
                }
                pull.Reviewers = pull
                    .Reviewers.Union(json.GetProperty("reviewers").EnumerateArray().Select(l => l.GetString()!))
                    .ToList();
                Reply(c, 201, PullJson(pull));
                return;
            }
            if ((m = Regex.Match(path, @"^/api/v3/repos/([^/]+/[^/]+)/pulls/(\d+)/reviews$")).Success)
            {
                var (repo, number) = (m.Groups[1].Value, int.Parse(m.Groups[2].Value));
                if (req.HttpMethod == "POST")
                {
                    // A multi-line comment (GitHub's review API): start_line below line, with start_side; a suggestion
                    // in it replaces start_line..line.
                    var comments = json.GetProperty("comments")
                        .EnumerateArray()
                        .Select(x =>
                            (
                                x.GetProperty("path").GetString()!,
                                x.GetProperty("line").GetInt32(),
                                x.GetProperty("body").GetString()!,
                                x.GetProperty("side").GetString(),
                                x.TryGetProperty("start_line", out var sl) ? sl.GetInt32() : (int?)null,
                                x.TryGetProperty("start_side", out var ss) ? ss.GetString() : null
                            )
                        )
                        .ToList();
                    if (
                        !Regex.IsMatch(json.GetProperty("commit_id").GetString() ?? "", "^[0-9a-f]{40}$")
                        || comments.Any(x => x.Item1.Length == 0 || x.Item2 < 1 || x.Item4 != "RIGHT")
                        || comments.Any(x =>
                            (x.Item5 != null || x.Item6 != null)
                            && (x.Item5 is not { } start || start < 1 || start >= x.Item2 || x.Item6 != "RIGHT")
                        )
                        || (
                            DiffHunks != null
                            && Pulls.FirstOrDefault(p => p.Repo == repo && p.Number == number) is { } reviewed
                            && DiffHunks(repo, reviewed.Base, json.GetProperty("commit_id").GetString()!) is var hunks
                            && comments.Any(x =>
                                !hunks.Any(h =>
                                    h.Path == x.Item1 && h.First <= (x.Item5 ?? x.Item2) && x.Item2 <= h.Last
                                )
                            )
                        )
                    )
                    {
                        Reply(
                            c,
                            422,
                            new
                            {
                                message = "Unprocessable Entity",
                                errors = new[] { "Pull request review thread line must be part of the diff" },
                            }
                        );
                        return;
                    }
                    var review = new Review
                    {
                        Id = Interlocked.Increment(ref nextId),
                        Repo = repo,
                        Pull = number,
                        Body = json.GetProperty("body").GetString()!,
                        CommitId = json.GetProperty("commit_id").GetString()!,
                        Comments = comments.Select(x => (x.Item1, x.Item2, x.Item3, x.Item5)).ToList(),
                    };
                    Reviews.Add(review);
                    Reply(
                        c,
                        200,
                        new
                        {
                            id = review.Id,
                            body = review.Body,
                            state = "COMMENTED",
                            html_url = $"https://github.example/{repo}/pull/{number}#pullrequestreview-{review.Id}",
                        }
                    );
                    return;
                }
                Reply(
                    c,
                    200,
                    Reviews
                        .Where(r => r.Repo == repo && r.Pull == number)
                        .Select(r => new
                        {
                            id = r.Id,
                            body = r.Body,
                            state = "COMMENTED",
                            html_url = (string?)null,
                        })
                        .ToList()
                );
                return;
            }
            if ((m = Regex.Match(path, @"^/api/v3/repos/([^/]+/[^/]+)/issues/(\d+)/comments$")).Success)
            {
                var (repo, issue) = (m.Groups[1].Value, int.Parse(m.Groups[2].Value));
                if (req.HttpMethod == "POST")
                {
                    var text = json.GetProperty("body").GetString()!;
                    if (text.Length > 65_536)
                    {
                        Reply(
                            c,
                            422,
                            new
                            {
                                message = "Validation Failed",
                                errors = new[] { new { message = "Body is too long (maximum is 65536 characters)" } },
                            }
                        );
                        return;
                    }
                    var comment = new Comment
                    {
                        Id = Interlocked.Increment(ref nextId),
                        Repo = repo,
                        Issue = issue,
                        Body = text,
                    };
                    Comments.Add(comment);
                    Reply(c, 201, CommentJson(comment));
                    return;
                }
                var all = Comments.Where(x => x.Repo == repo && x.Issue == issue).ToList();
                int page = int.TryParse(System.Web.HttpUtility.ParseQueryString(req.Url.Query)["page"], out var p)
                    ? p
                    : 1;
                var items = all.Skip((page - 1) * PageSize).Take(PageSize).Select(CommentJson).ToList();
                if (page * PageSize < all.Count)
                    c.Response.AddHeader(
                        "link",
                        $"<{ApiUrl}repos/{repo}/issues/{issue}/comments?per_page=100&page={page + 1}>; rel=\"next\", "
                            + $"<{ApiUrl}repos/{repo}/issues/{issue}/comments?per_page=100&page={LastPage(all.Count)}>;"
                            + " rel=\"last\""
                    );
                Reply(c, 200, items);
                return;
            }
            if (
                (m = Regex.Match(path, @"^/api/v3/repos/([^/]+/[^/]+)/issues/comments/(\d+)$")).Success
                && req.HttpMethod == "PATCH"
            )
            {
                var comment = Comments.Single(x => x.Id == long.Parse(m.Groups[2].Value));
                comment.Body = json.GetProperty("body").GetString()!;
                Reply(c, 200, CommentJson(comment));
                return;
            }
        }
        Reply(c, 404, new { message = "Not Found" });
    }

    object PullJson(Pull p) =>
        new
        {
            number = p.Number,
            html_url = $"https://github.example/{p.Repo}/pull/{p.Number}",
            state = p.State,
            title = p.Title,
            body = p.Body,
            merged_at = p.MergedAt,
            labels = p.Labels.Select(l => new { name = l }),
            requested_reviewers = p.Reviewers.Select(r => new { login = r }),
            head = new { @ref = p.Head, label = $"{p.Repo.Split('/')[0]}:{p.Head}" },
            @base = new { @ref = p.Base, label = $"{p.Repo.Split('/')[0]}:{p.Base}" },
        };

    static object IssueJson(IssueItem i) =>
        new
        {
            number = i.Number,
            html_url = $"https://github.example/{i.Repo}/issues/{i.Number}",
            state = i.State,
            state_reason = i.StateReason,
            title = i.Title,
            body = i.Body,
            labels = i.Labels.Select(l => new { name = l }),
        };

    static object CommentJson(Comment c) =>
        new
        {
            id = c.Id,
            body = c.Body,
            html_url = $"https://github.example/{c.Repo}/issues/{c.Issue}#issuecomment-{c.Id}",
        };

    readonly ThreadLocal<bool> lostResponse = new();

    void Reply(HttpListenerContext c, int status, object body, int remaining = 4999)
    {
        if (lostResponse.Value && status < 300)
        {
            lostResponse.Value = false;
            ReplyErrorPage(c);
            return;
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        c.Response.StatusCode = status;
        c.Response.ContentType = "application/json; charset=utf-8";
        c.Response.AddHeader("x-ratelimit-limit", "5000");
        c.Response.AddHeader("x-ratelimit-remaining", remaining.ToString());
        c.Response.AddHeader("x-ratelimit-reset", DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeSeconds().ToString());
        c.Response.AddHeader("x-ratelimit-resource", "core");
        c.Response.ContentLength64 = bytes.Length;
        c.Response.OutputStream.Write(bytes);
        c.Response.Close();
    }

    /// <summary>A 502 as GitHub's edge sends it: not the API's JSON but its HTML error page ("Unicorn!"), some
    /// kilobytes of markup and inline style, with the rate-limit headers the API adds to every answer.</summary>
    static void ReplyErrorPage(HttpListenerContext c)
    {
        var page =
            "<!DOCTYPE html>\n<html>\n  <head>\n    <meta http-equiv=\"Content-Type\" content=\"text/html; "
            + "charset=utf-8\">\n"
            + "    <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
            + "'unsafe-inline'\">\n"
            + "    <title>Unicorn! &middot; GitHub</title>\n    <style type=\"text/css\" media=\"screen\">\n"
            + "      body { background-color: #f1f1f1; margin: 0; font-family: \"Helvetica Neue\", Helvetica, Arial, "
            + "sans-serif; }\n"
            + "      .container { margin: 50px auto 40px auto; width: 600px; text-align: center; }\n"
            + "      a { color: #4183c4; text-decoration: none; } a:hover { text-decoration: underline; }\n"
            + "      h1 { letter-spacing: -1px; line-height: 60px; font-size: 60px; font-weight: 100; margin: 0px; }\n"
            + "    </style>\n  </head>\n  <body>\n    <div class=\"container\">\n      <h1>No server is currently "
            + "available to service your request.</h1>\n"
            + "      <p>Sorry about that. Please try refreshing and contact us if the problem persists.</p>\n"
            + "      <div id=\"suggestions\"><a href=\"https://githubstatus.com\">GitHub Status</a></div>\n    "
            + "</div>\n  </body>\n</html>\n";
        var bytes = Encoding.UTF8.GetBytes(page);
        c.Response.StatusCode = 502;
        c.Response.ContentType = "text/html; charset=utf-8";
        c.Response.ContentLength64 = bytes.Length;
        c.Response.OutputStream.Write(bytes);
        c.Response.Close();
    }

    public void Dispose()
    {
        stop.Cancel();
        LoopbackListener.Close(listener);
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException) { }
    }
}
