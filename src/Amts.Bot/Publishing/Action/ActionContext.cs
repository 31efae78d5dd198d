namespace Amts.Bot.Publishing.Action;

/// <summary>Everything one run of the action knows: the English work tree and the pushed commit, the configuration,
/// the token, and where it may clone and write its reports (outside the workspace).</summary>
internal sealed record ActionContext
{
    public required string EnglishRepo { get; init; }
    public required string PushedCommit { get; init; }
    public string? PushBefore { get; init; }

    /// <summary>The push event's <c>forced</c>: the English history was rewritten.</summary>
    public bool Forced { get; init; }
    public required ActionConfig Config { get; init; }
    public required string Token { get; init; }
    public required string WorkRoot { get; init; }

    /// <summary>Where report.json and pr.md are written per language (RUNNER_TEMP).</summary>
    public string? ReportRoot { get; init; }
    public string? Language { get; init; }
    public bool DryRun { get; init; }
    public string EnglishRepoName { get; init; } = "d2l-ai/d2l-en";
    public string? EnglishWebUrl { get; init; }

    /// <summary>The longest one language may take before it is stopped and reported failed.</summary>
    public TimeSpan LanguageTimeout { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>A scheduled run: only languages whose pull request waits for a batch job are synced (the others
    /// cost one API call each, no clone).</summary>
    public bool OnlyPendingJobs { get; init; }

    /// <summary>The address of the run's artifact (linked from the body), when known.</summary>
    public string? ArtifactHint { get; init; }

    /// <summary>The English commit a translation's first sync starts from when it has no state (the <c>from</c> input
    /// of a workflow_dispatch; a language's <c>from:</c> key is the default). A state, when there is one,
    /// wins.</summary>
    public string? From { get; init; }
}

/// <summary>The outcome of one language: what was done (created, updated, none, failed), the pull request if one
/// exists, the engine characters, the message, warnings, and where its report is.</summary>
internal sealed record LanguageOutcome(
    string Language,
    string Repository,
    ActionOperation Operation,
    int? PullNumber,
    string? PullUrl,
    int MtChars,
    string Message
)
{
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Set when the language failed, also after its pull request was published (then the PR is still
    /// reported).</summary>
    public string? Error { get; init; }
    public string? ReportDirectory { get; init; }

    /// <summary>The pull requests of a series (one per chapter); <see cref="PullUrl"/> is then its tracking
    /// issue.</summary>
    public IReadOnlyList<int> SeriesPulls { get; init; } = [];
    public bool Failed => Operation == ActionOperation.Failed || Error != null;

    /// <summary>A language that failed before anything was published: the message is its error.</summary>
    public static LanguageOutcome Failure(string language, string repository, string message) =>
        new(language, repository, ActionOperation.Failed, null, null, 0, message) { Error = message };

    /// <summary>Nothing published (<paramref name="open"/>: the pull request left as it is, if one is open).</summary>
    public static LanguageOutcome Nothing(
        string language,
        string repository,
        int mtChars,
        string message,
        Forge.PullRequest? open = null
    ) => new(language, repository, ActionOperation.None, open?.Number, open?.HtmlUrl, mtChars, message);
}
