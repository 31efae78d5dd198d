namespace Amts.Bot.Publishing.Forge;

/// <summary>
/// What the action needs from the forge that hosts the translations: the default branch, the sync pull request
/// (find, create, update; the last closed one; the open ones of a series), the series' tracking issue, labels,
/// reviewers, sticky comments (found by a hidden marker and edited in place), the compare address and the git
/// credentials. GitHub is <c>GitHubClient</c>; GitLab would be one more class.
/// </summary>
internal interface IForge
{
    Task<string> DefaultBranchAsync(string repo, CancellationToken ct);
    Task<PullRequest?> FindOpenPullAsync(string repo, string head, CancellationToken ct);

    /// <summary>The open pull requests from this repository whose head branch starts with the prefix (a
    /// series).</summary>
    Task<IReadOnlyList<PullRequest>> ListOpenPullsAsync(string repo, string headPrefix, CancellationToken ct);

    /// <summary>The most recently closed pull request of this head (merged or not), or null.</summary>
    Task<PullRequest?> LastClosedPullAsync(string repo, string head, CancellationToken ct);
    Task<PullRequest> CreatePullAsync(
        string repo,
        string title,
        string head,
        string baseBranch,
        string body,
        CancellationToken ct
    );
    Task<PullRequest> UpdatePullAsync(string repo, int number, string title, string? body, CancellationToken ct);
    Task AddLabelsAsync(string repo, int number, IReadOnlyList<string> labels, CancellationToken ct);
    Task RequestReviewersAsync(string repo, int number, IReadOnlyList<string> reviewers, CancellationToken ct);
    Task<(IssueComment Comment, bool Created)> UpsertStickyCommentAsync(
        string repo,
        int number,
        string marker,
        string body,
        CancellationToken ct
    );
    Task<IReadOnlyList<IssueComment>> ListCommentsAsync(string repo, int number, CancellationToken ct);

    /// <summary>Whether a pull-request review whose body holds the marker exists.</summary>
    Task<bool> HasReviewAsync(string repo, int number, string marker, CancellationToken ct);

    /// <summary>One review (event COMMENT) on a commit with comments on the exact lines of the new file (right
    /// side).</summary>
    Task CreateReviewAsync(
        string repo,
        int number,
        string commitId,
        string body,
        IReadOnlyList<ReviewComment> comments,
        CancellationToken ct
    );

    /// <summary>The open issue (not pull request) whose body holds the marker, or null.</summary>
    Task<Issue?> FindOpenIssueAsync(string repo, string marker, CancellationToken ct);

    /// <summary>The newest issue, open or closed (a maintainer may close one by hand), whose body holds the
    /// marker.</summary>
    Task<Issue?> FindIssueAsync(string repo, string marker, CancellationToken ct);

    /// <summary>Creates an issue; a create whose answer was lost is looked up by the marker (the body's first line)
    /// before any retry.</summary>
    Task<Issue> CreateIssueAsync(
        string repo,
        string title,
        string body,
        IReadOnlyList<string> labels,
        CancellationToken ct
    );

    /// <summary>Edits an issue's title, body and state (open, closed).</summary>
    Task<Issue> UpdateIssueAsync(
        string repo,
        int number,
        string title,
        string body,
        string state,
        CancellationToken ct
    );

    /// <summary>The largest body or comment the forge takes.</summary>
    int MaxBodyLength { get; }

    /// <summary>The link to one line of the pull request's changed files.</summary>
    string FileLineUrl(PullRequest pull, string path, int line);

    /// <summary>The https clone address of a repository.</summary>
    string CloneUrl(string repo);

    /// <summary>Environment for git that authenticates with the token without putting it on a command line or in a
    /// URL.</summary>
    IReadOnlyDictionary<string, string> GitCredentials(string token);
}
