using System.Text;
using System.Text.Json;
using Amts.Bot.Infrastructure;
using Amts.Bot.Publishing.Forge;
using Amts.Bot.Publishing.GitHub;

namespace Amts.Bot.Publishing.Action;

/// <summary>
/// The forge of <c>amts action --preview</c>: no token, no network. The translation is a local clone; the action
/// clones and pushes to a scratch mirror of it (<see cref="Mirror"/>), so the clone itself is never written to, and
/// every call that would go to GitHub is answered here and written to a folder, exactly as it would be sent:
/// the pull request's title, body, labels and reviewers, each sticky comment (the quality comment, continuations),
/// the review and its line comments, issues. As on a repository without a sync pull request: none is open or was
/// closed. The links to lines are GitHub's (<see cref="GitHubClient.FileLineUrl"/>), on <see cref="ServerUrl"/> and
/// the pull request number <see cref="PullNumber"/> (GitHub gives the next free number; offline it is not known).
/// </summary>
internal sealed class LocalForge : IForge
{
    readonly string output;
    readonly string mirror;
    readonly string defaultBranch;
    readonly List<PullRequest> pulls = [];
    readonly List<(int Issue, string Marker, IssueComment Comment)> comments = [];
    readonly List<Issue> issues = [];
    int reviews;

    /// <param name="translation">The local clone of the translation (read only).</param>
    /// <param name="scratch">An empty folder for the mirror the action clones from and pushes to.</param>
    /// <param name="output">Where every call is written.</param>
    public LocalForge(string translation, string scratch, string output, Uri? serverUrl = null, int pullNumber = 1)
    {
        this.output = output;
        ServerUrl = serverUrl ?? new Uri("https://github.com/");
        PullNumber = pullNumber;
        Directory.CreateDirectory(output);
        mirror = Path.Combine(scratch, "origin.git");
        GitCli.Clone(Path.GetFullPath(translation), mirror, "--mirror");
        var git = new GitCli(translation);
        defaultBranch =
            git.TryRun(out var head, "symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD") == 0
            && head.Trim().Contains('/')
                ? head.Trim()[(head.Trim().IndexOf('/') + 1)..]
                : git.Run("rev-parse", "--abbrev-ref", "HEAD").Trim();
        // A clone's remote-tracking branch is what GitHub has: where the local branch is only a remote one, take it.
        var m = new GitCli(mirror);
        if (
            m.TryRun(out _, "rev-parse", "--verify", "-q", "refs/heads/" + defaultBranch) != 0
            && m.TryRun(out var remote, "rev-parse", "--verify", "-q", "refs/remotes/origin/" + defaultBranch) == 0
        )
            m.Run("update-ref", "refs/heads/" + defaultBranch, remote.Trim());
        RefsBefore = Refs();
    }

    public Uri ServerUrl { get; }
    public int PullNumber { get; }

    /// <summary>The scratch repository the action clones from and pushes to.</summary>
    public string Mirror => mirror;

    /// <summary>The mirror's branches and notes before the run (what GitHub has).</summary>
    public IReadOnlyDictionary<string, string> RefsBefore { get; }

    /// <summary>The mirror's refs/heads and refs/notes now.</summary>
    public Dictionary<string, string> Refs() =>
        new GitCli(mirror)
            .Run("for-each-ref", "--format=%(refname) %(objectname)", "refs/heads", "refs/notes")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    public int MaxBodyLength => GitHubClient.MaxCommentLength;

    public string FileLineUrl(PullRequest pull, string path, int line) => GitHubClient.LineUrl(pull, path, line);

    public string CloneUrl(string repo) => mirror;

    public IReadOnlyDictionary<string, string> GitCredentials(string token) => new Dictionary<string, string>();

    public Task<string> DefaultBranchAsync(string repo, CancellationToken ct) => Task.FromResult(defaultBranch);

    public Task<PullRequest?> FindOpenPullAsync(string repo, string head, CancellationToken ct) =>
        Task.FromResult(pulls.LastOrDefault(p => p.Head.Ref == head));

    public Task<IReadOnlyList<PullRequest>> ListOpenPullsAsync(string repo, string headPrefix, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<PullRequest>>(
            pulls.Where(p => p.Head.Ref.StartsWith(headPrefix, StringComparison.Ordinal)).ToList()
        );

    public Task<PullRequest?> LastClosedPullAsync(string repo, string head, CancellationToken ct) =>
        Task.FromResult<PullRequest?>(null);

    public Task<PullRequest> CreatePullAsync(
        string repo,
        string title,
        string head,
        string baseBranch,
        string body,
        CancellationToken ct
    )
    {
        int number = PullNumber + pulls.Count;
        var pull = new PullRequest(
            number,
            null,
            [],
            [],
            $"{ServerUrl.ToString().TrimEnd('/')}/{repo}/pull/{number}",
            "open",
            title,
            body,
            new PullRef(head, null),
            new PullRef(baseBranch, null)
        );
        pulls.Add(pull);
        WritePull(pull);
        return Task.FromResult(pull);
    }

    public Task<PullRequest> UpdatePullAsync(string repo, int number, string title, string? body, CancellationToken ct)
    {
        var i = pulls.FindIndex(p => p.Number == number);
        pulls[i] = pulls[i] with { Title = title, Body = body ?? pulls[i].Body };
        WritePull(pulls[i]);
        return Task.FromResult(pulls[i]);
    }

    public Task AddLabelsAsync(string repo, int number, IReadOnlyList<string> labels, CancellationToken ct)
    {
        var i = pulls.FindIndex(p => p.Number == number);
        pulls[i] = pulls[i] with { Labels = [.. pulls[i].Labels ?? [], .. labels.Select(l => new NamedItem(l))] };
        WritePull(pulls[i]);
        return Task.CompletedTask;
    }

    public Task RequestReviewersAsync(string repo, int number, IReadOnlyList<string> reviewers, CancellationToken ct)
    {
        var i = pulls.FindIndex(p => p.Number == number);
        pulls[i] = pulls[i] with
        {
            RequestedReviewers = [.. pulls[i].RequestedReviewers ?? [], .. reviewers.Select(r => new UserItem(r))],
        };
        WritePull(pulls[i]);
        return Task.CompletedTask;
    }

    public Task<(IssueComment Comment, bool Created)> UpsertStickyCommentAsync(
        string repo,
        int number,
        string marker,
        string body,
        CancellationToken ct
    )
    {
        // As GitHubClient sends it: the marker on its own first line, capped at GitHub's limit.
        var text = GitHubClient.Cap(marker + "\n" + body);
        var i = comments.FindIndex(c => c.Issue == number && c.Marker == marker);
        var comment = new IssueComment(i >= 0 ? comments[i].Comment.Id : comments.Count + 1, text, null);
        if (i >= 0)
            comments[i] = (number, marker, comment);
        else
            comments.Add((number, marker, comment));
        Write(CommentFile(number, marker), text);
        return Task.FromResult((comment, i < 0));
    }

    /// <summary>The quality comment is <c>quality-comment.md</c>, others (continuations) <c>comment-K.md</c> in
    /// order.</summary>
    string CommentFile(int number, string marker)
    {
        var prefix = number == PullNumber ? "" : $"{number}-";
        if (marker == QualityComment.Marker)
            return $"{prefix}quality-comment.md";
        var continuations = comments
            .Where(c => c.Issue == number && c.Marker != QualityComment.Marker)
            .Select(c => c.Marker)
            .ToList();
        return $"{prefix}comment-{continuations.IndexOf(marker) + 1}.md";
    }

    int CommentIndex(int number, string marker) =>
        comments
            .Where(c => c.Issue == number && c.Marker != QualityComment.Marker)
            .Select(c => c.Marker)
            .ToList()
            .IndexOf(marker);

    public Task<IReadOnlyList<IssueComment>> ListCommentsAsync(string repo, int number, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<IssueComment>>(
            comments.Where(c => c.Issue == number).Select(c => c.Comment).ToList()
        );

    public Task<bool> HasReviewAsync(string repo, int number, string marker, CancellationToken ct) =>
        Task.FromResult(false);

    public Task CreateReviewAsync(
        string repo,
        int number,
        string commitId,
        string body,
        IReadOnlyList<ReviewComment> comments,
        CancellationToken ct
    )
    {
        var name = reviews++ == 0 ? "review" : $"review-{reviews}";
        Write(name + ".md", body);
        Write(
            name + "-comments.json",
            JsonSerializer.Serialize(
                new
                {
                    pull = number,
                    commit_id = commitId,
                    comments = comments.Select(c => new
                    {
                        path = c.Path,
                        line = c.Line,
                        start_line = c.StartLine,
                        body = c.Body,
                    }),
                },
                Indented
            ) + "\n"
        );
        return Task.CompletedTask;
    }

    public Task<Issue?> FindOpenIssueAsync(string repo, string marker, CancellationToken ct) =>
        Task.FromResult(
            issues.LastOrDefault(i => i.State == "open" && (i.Body ?? "").Contains(marker, StringComparison.Ordinal))
        );

    public Task<Issue?> FindIssueAsync(string repo, string marker, CancellationToken ct) =>
        Task.FromResult(
            issues
                .Where(i => (i.Body ?? "").Contains(marker, StringComparison.Ordinal))
                .OrderByDescending(i => i.Number)
                .FirstOrDefault()
        );

    public Task<Issue> CreateIssueAsync(
        string repo,
        string title,
        string body,
        IReadOnlyList<string> labels,
        CancellationToken ct
    )
    {
        var number = PullNumber + 1000 + issues.Count;
        var issue = new Issue(
            number,
            $"{ServerUrl.ToString().TrimEnd('/')}/{repo}/issues/{number}",
            "open",
            title,
            GitHubClient.Cap(body),
            null
        );
        issues.Add(issue);
        Write($"issue-{number}.md", $"# {title}\n\n{issue.Body}");
        return Task.FromResult(issue);
    }

    public Task<Issue> UpdateIssueAsync(
        string repo,
        int number,
        string title,
        string body,
        string state,
        CancellationToken ct
    )
    {
        var i = issues.FindIndex(x => x.Number == number);
        var issue = new Issue(number, i >= 0 ? issues[i].HtmlUrl : "", state, title, GitHubClient.Cap(body), null);
        if (i >= 0)
            issues[i] = issue;
        else
            issues.Add(issue);
        Write($"issue-{number}.md", $"# {title}\n\n{issue.Body}");
        return Task.FromResult(issue);
    }

    static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    void WritePull(PullRequest pull)
    {
        var prefix = pull.Number == PullNumber ? "" : $"{pull.Number}-";
        Write(prefix + "pull-request-title.txt", pull.Title + "\n");
        Write(prefix + "pull-request-body.md", pull.Body ?? "");
        Write(
            prefix + "pull-request.json",
            JsonSerializer.Serialize(
                new
                {
                    number = pull.Number,
                    head = pull.Head.Ref,
                    @base = pull.Base.Ref,
                    labels = (pull.Labels ?? []).Select(l => l.Name),
                    reviewers = (pull.RequestedReviewers ?? []).Select(r => r.Login),
                },
                Indented
            ) + "\n"
        );
    }

    void Write(string name, string text) =>
        File.WriteAllText(Path.Combine(output, name), text, new UTF8Encoding(false));
}
