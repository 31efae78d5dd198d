using Amts.Bot.Errors;

namespace Amts.Bot.Publishing.Action;

/// <summary>One action input that is not usable: the input's name and what is wrong with it (and what it
/// takes).</summary>
internal sealed record InputProblem(string Input, string Message);

/// <summary>The inputs of the action (action.yml), refused together and before anything else runs.</summary>
internal sealed class ActionInputsException(IReadOnlyList<InputProblem> problems)
    : AmtsException(
        ErrorKind.UserInput,
        $"{problems.Count} action input(s) not usable: {string.Join("; ", problems.Select(p => p.Message))}",
        "fix the `with:` of the amts step; nothing was cloned or pushed"
    )
{
    public IReadOnlyList<InputProblem> Problems { get; } = problems;
}

/// <summary>
/// The action's inputs, parsed strictly as GitHub's own toolkit (@actions/core) reads them, before any clone or
/// network call: a value that is not understood is an error naming the input and the accepted values, never a
/// guess. Booleans are <c>getBooleanInput</c>'s YAML 1.2 core schema (<c>true True TRUE false False FALSE</c>,
/// after trimming); <c>yes</c>, <c>1</c> or <c>on</c> are refused (issue 20: <c>dry_run: yes</c> ran for real).
/// An input that is absent from the environment takes action.yml's default (the runner always sets every input of
/// a docker action, so absence means a run outside the runner); one that is set but empty is refused like any
/// other value the toolkit refuses.
/// </summary>
internal sealed record ActionInputs
{
    /// <summary>The longest a language may take: a GitHub-hosted job is stopped after 6 hours (360 minutes), so a
    /// longer timeout could never fire (docs.github.com, "Usage limits": job execution time).</summary>
    public const int MaxTimeoutMinutes = 360;

    /// <summary>action.yml's defaults.</summary>
    public const string DefaultConfig = ".github/amts.yml";
    public const int DefaultTimeoutMinutes = 60;

    static readonly string[] TrueValues = ["true", "True", "TRUE"];
    static readonly string[] FalseValues = ["false", "False", "FALSE"];
    static readonly string[] Engines = ["memory", "apertium", "aws"];

    public required string Token { get; init; }
    public required string Config { get; init; }

    /// <summary>Null: every configured language.</summary>
    public string? Language { get; init; }

    /// <summary>Null: each language's own engine.</summary>
    public string? Engine { get; init; }
    public bool DryRun { get; init; }

    /// <summary>Null: a first sync without state starts where the language's <c>from:</c> key or discovery
    /// says.</summary>
    public string? From { get; init; }
    public int LanguageTimeoutMinutes { get; init; } = DefaultTimeoutMinutes;

    /// <summary>Parses every input; all the problems are reported at once.</summary>
    /// <param name="input">The raw value of <c>INPUT_NAME</c> (the name upper-cased), null when it is not set.</param>
    public static ActionInputs Parse(Func<string, string?> input)
    {
        var problems = new List<InputProblem>();
        string? Raw(string name) => input("INPUT_" + name.ToUpperInvariant())?.Trim();

        var token = Raw("github_token") ?? "";
        if (token.Length == 0)
            problems.Add(
                new(
                    "github_token",
                    "github_token is empty: pass a token that can push to the translations "
                        + "(`github_token: ${{ steps.app.outputs.token }}`)"
                )
            );

        var config = Raw("config") is { Length: > 0 } c ? c : DefaultConfig;
        if (Path.IsPathRooted(config) || config.Replace('\\', '/').Split('/').Contains(".."))
            problems.Add(
                new(
                    "config",
                    $"config '{config}' is not a path inside the English repository "
                        + "(give it relative to the repository root, e.g. .github/amts.yml)"
                )
            );

        var engine = Raw("engine") is { Length: > 0 } e ? e : null;
        if (engine != null && !Engines.Contains(engine, StringComparer.Ordinal))
            problems.Add(
                new(
                    "engine",
                    $"engine '{engine}' is not an engine: use {string.Join(", ", Engines)}, "
                        + "or leave it empty for each language's own"
                )
            );

        bool dryRun = Boolean("dry_run", Raw("dry_run"), false, problems);

        int minutes = DefaultTimeoutMinutes;
        if (
            Raw("language_timeout_minutes") is { } m
            && (
                !int.TryParse(
                    m,
                    System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture,
                    out minutes
                )
                || minutes < 1
                || minutes > MaxTimeoutMinutes
            )
        )
        {
            problems.Add(
                new(
                    "language_timeout_minutes",
                    $"language_timeout_minutes '{m}' is not a whole number of "
                        + $"minutes from 1 to {MaxTimeoutMinutes} (a job stops after {MaxTimeoutMinutes} minutes)"
                )
            );
            minutes = DefaultTimeoutMinutes;
        }

        // An English commit or tag for git: never an option (a leading '-') or anything with spaces or control
        // characters.
        var from = Raw("from") is { Length: > 0 } f ? f : null;
        if (from != null && (from.StartsWith('-') || from.Any(ch => char.IsWhiteSpace(ch) || char.IsControl(ch))))
            problems.Add(
                new(
                    "from",
                    $"from '{from}' is not an English commit: give a commit id or a tag (e.g. v0.16.2), "
                        + "or leave it empty"
                )
            );

        if (problems.Count > 0)
            throw new ActionInputsException(problems);
        return new ActionInputs
        {
            Token = token,
            Config = config,
            Language = Raw("language") is { Length: > 0 } l ? l : null,
            Engine = engine,
            DryRun = dryRun,
            LanguageTimeoutMinutes = minutes,
            From = from,
        };
    }

    /// <summary>The language input against the configuration's languages (after the configuration is read, still
    /// before any clone).</summary>
    public void CheckLanguage(IReadOnlyList<string> configured)
    {
        if (Language == null || configured.Contains(Language, StringComparer.Ordinal))
            return;
        throw new ActionInputsException([
            new(
                "language",
                $"language '{Language}' is not configured: use one of "
                    + $"{(configured.Count > 0 ? string.Join(", ", configured) : "(none)")}, "
                    + "add it to the configuration, or leave it empty for all"
            ),
        ]);
    }

    /// <summary>getBooleanInput of @actions/core: exactly the YAML 1.2 core schema's six spellings.</summary>
    static bool Boolean(string name, string? raw, bool fallback, List<InputProblem> problems)
    {
        if (raw == null)
            return fallback;
        if (TrueValues.Contains(raw, StringComparer.Ordinal))
            return true;
        if (FalseValues.Contains(raw, StringComparer.Ordinal))
            return false;
        problems.Add(
            new(
                name,
                $"{name} '{raw}' is not a boolean: GitHub's toolkit accepts only "
                    + $"{string.Join(", ", TrueValues.Concat(FalseValues))} "
                    + $"(write {name}: \"true\" or {name}: \"false\"; an "
                    + $"expression that may be empty needs a default, e.g. ${{{{ inputs.{name} || 'false' }}}})"
            )
        );
        return fallback;
    }
}
