using System.Text;
using System.Text.Json;
using Amts.Bot.Errors;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;
using Amts.Bot.Publishing;
using Amts.Bot.Publishing.Action;
using Amts.Bot.Publishing.GitHub;
using Amts.Bot.Translation;
using Amts.Bot.Translation.Engines;
using CommandLine;

namespace Amts.Cli.Commands;

[Verb(
    "action",
    HelpText = "The GitHub Action's entry point: reads INPUT_*, GITHUB_* and the push event from the environment. "
        + "With --preview: the same pipeline for one language against local clones, no token, no network, written to "
        + "--out."
)]
internal sealed class ActionOptions
{
    [Option(
        "preview",
        HelpText = "Run the action for one language on local clones and write what it would push and post to --out."
    )]
    public bool Preview { get; set; }

    [Option(
        "source",
        Default = ".",
        HelpText = "Preview: the English repository's clone (its .github/amts.yml is read if there)."
    )]
    public string Source { get; set; } = ".";

    [Option(
        "target",
        HelpText = "Preview: the translation's local clone (only read; the action pushes to a scratch copy)."
    )]
    public string? Target { get; set; }

    [Option("lang", HelpText = "Preview: the language, as in the configuration (e.g. zh).")]
    public string? Language { get; set; }

    [Option("from", HelpText = "Preview: the push's `before` commit (default: the translation's recorded state).")]
    public string? From { get; set; }

    [Option("to", Default = "HEAD", HelpText = "Preview: the pushed English commit.")]
    public string To { get; set; } = "HEAD";

    [Option(
        "config",
        HelpText = "Preview: the configuration (default SOURCE/.github/amts.yml, else one entry for --lang)."
    )]
    public string? Config { get; set; }

    [Option(
        "engine",
        HelpText = "Preview: memory or apertium (offline engines); default the configuration's (aws is previewed "
            + "with memory)."
    )]
    public string? Engine { get; set; }

    [Option("out", HelpText = "Preview: a new or empty folder for every file the action would post.")]
    public string? Out { get; set; }

    [Option(
        "repo-url",
        HelpText = "Preview: web address of the English repository (default its GitHub origin, else "
            + "https://github.com/d2l-ai/d2l-en)."
    )]
    public string? RepoUrl { get; set; }

    [Option(
        "server-url",
        HelpText = "Preview: the forge's address, for the links to lines (default https://github.com)."
    )]
    public string? ServerUrl { get; set; }

    [Option(
        "pull-number",
        Default = 1,
        HelpText = "Preview: the pull request's number in its links (GitHub gives the next free one)."
    )]
    public int PullNumber { get; set; } = 1;
}

/// <summary>
/// The container action's entry point. Everything comes from the environment GitHub gives a container action:
/// the inputs as <c>INPUT_*</c>, the English repository in <c>GITHUB_WORKSPACE</c>, the event in
/// <c>GITHUB_EVENT_PATH</c>; results go to <c>GITHUB_OUTPUT</c> and <c>GITHUB_STEP_SUMMARY</c>. The token is masked
/// before anything else is printed. Whatever fails — the configuration, one language, the whole run — the outputs
/// (<c>results</c>, <c>report_dir</c>, <c>pr_numbers</c>), the step summary and the annotations are written, every
/// configured language gets an outcome, and the exit code is non-zero only after every language ran.
/// </summary>
internal static class ActionCommand
{
    /// <summary>HTTP timeout of one GitHub or AWS call; a slower answer is retried (the client's rules).</summary>
    static readonly TimeSpan HttpTimeout = TimeSpan.FromSeconds(60);

    public static int Run(
        ActionOptions options,
        TextWriter stdout,
        TextWriter stderr,
        IDictionary<string, string?>? environment = null
    )
    {
        if (options.Preview)
            return ActionPreview.Run(options, stdout, stderr);
        if (options.Target != null || options.Language != null || options.Out != null)
            throw AmtsException.Input(
                "--target, --lang and --out are options of --preview",
                "add --preview to run the action on local clones"
            );
        string? Env(string name) =>
            environment != null
                ? environment.TryGetValue(name, out var v)
                    ? v
                    : null
                : Environment.GetEnvironmentVariable(name);
        var host = new GitHubActionsHost(
            stdout,
            Env("GITHUB_OUTPUT") is { Length: > 0 } o ? o : null,
            Env("GITHUB_STEP_SUMMARY") is { Length: > 0 } s ? s : null
        );
        var token = Env("INPUT_GITHUB_TOKEN")?.Trim() ?? "";
        host.Mask(token);
        // A docker action is given RUNNER_TEMP's name but not the folder: the runner mounts only the workspace, HOME,
        // the workflow and file-command folders. The report then goes into the workspace (report_dir relative to it,
        // which actions/upload-artifact resolves on the host), and the clones into the container's own temp folder.
        var runnerTemp = Env("RUNNER_TEMP") is { Length: > 0 } t && Directory.Exists(t) ? t : null;
        var workspaceRoot = Env("GITHUB_WORKSPACE") ?? Directory.GetCurrentDirectory();
        var (reportRoot, reportDir) =
            runnerTemp != null ? (runnerTemp, Path.Combine(runnerTemp, "amts-report")) : (workspaceRoot, "amts-report");
        IReadOnlyList<LanguageOutcome> outcomes = [];
        string? fatal = null;
        try
        {
            // Every input is parsed before anything is cloned or called (issue 20: dry_run: yes ran for real).
            var inputs = ActionInputs.Parse(Env);
            outcomes = Execute(Env, inputs, host, runnerTemp ?? Path.GetTempPath(), reportRoot);
        }
        catch (ActionInputsException e)
        {
            foreach (var p in e.Problems)
                host.Annotate(AnnotationLevel.Error, p.Message, "amts input " + p.Input);
            fatal = e.UserMessage;
        }
        catch (OperationCanceledException) when (Interrupt.Requested)
        {
            fatal =
                "stopped (Ctrl-C or the run was cancelled) before every language ran: what was pushed is listed "
                + "above; the next run goes on from it";
            host.Annotate(AnnotationLevel.Error, fatal, "amts");
        }
        catch (Exception e)
        {
            fatal = e is AmtsException a
                ? a.UserMessage
                : $"unexpected {e.GetType().Name}: {e.Message} (a defect in amts; please report it with this log)";
            if (token.Length > 0)
                fatal = fatal.Replace(token, "***");
            if (e is not ConfigurationException)
                host.Annotate(AnnotationLevel.Error, fatal, "amts");
        }
        WriteResults(host, outcomes, fatal, reportDir);
        return fatal != null || outcomes.Any(x => x.Failed) ? ExitCodes.Failed : ExitCodes.Ok;
    }

    sealed class ConfigurationException(string message) : AmtsException(ErrorKind.UserInput, message);

    static IReadOnlyList<LanguageOutcome> Execute(
        Func<string, string?> Env,
        ActionInputs inputs,
        ICiHost host,
        string runnerTemp,
        string reportRoot
    )
    {
        var token = inputs.Token;
        var workspace = Env("GITHUB_WORKSPACE") ?? Directory.GetCurrentDirectory();
        var configPath = Path.Combine(workspace, inputs.Config);
        if (!File.Exists(configPath))
            throw AmtsException.Input(
                $"no configuration at {configPath}",
                "copy examples/amts.yml to .github/amts.yml in the English repository, or set the `config` input"
            );
        var (config, errors) = ActionConfigReader.Parse(
            SourceText.ReadFile(configPath),
            Path.GetRelativePath(workspace, configPath)
        );
        var (ownErrors, othersLine) = ConfigErrorsOfJob.Split(config, errors, inputs.Language ?? "");
        foreach (var e in ownErrors)
            host.Annotate(AnnotationLevel.Error, e.Message, "amts configuration", e.Path, e.Line, e.Column);
        if (othersLine != null)
            host.Log(othersLine);
        if (config == null)
            throw new ConfigurationException(
                $"the configuration {Path.GetRelativePath(workspace, configPath)} has {errors.Count} error(s) "
                    + "(annotated on its lines)"
            );
        inputs.CheckLanguage(config.Languages.Select(l => l.Code).ToList());

        var (before, after, forced) = PushEvent(Env("GITHUB_EVENT_PATH"));
        var pushed = after
            ?? Env("GITHUB_SHA")
            ?? throw AmtsException.Input(
                "neither the push event nor GITHUB_SHA names the English commit",
                "run the action on push or workflow_dispatch"
            );
        var engineOverride = inputs.Engine ?? "";
        var minutes = inputs.LanguageTimeoutMinutes;
        var server = Env("GITHUB_SERVER_URL") is { Length: > 0 } su ? su : "https://github.com";
        var englishRepo = Env("GITHUB_REPOSITORY") is { Length: > 0 } r ? r : "d2l-ai/d2l-en";
        var runId = Env("GITHUB_RUN_ID");
        var context = new ActionContext
        {
            EnglishRepo = workspace,
            PushedCommit = pushed,
            PushBefore = before,
            Forced = forced,
            Config = config,
            Token = token,
            WorkRoot = runnerTemp,
            ReportRoot = reportRoot,
            Language = inputs.Language,
            DryRun = inputs.DryRun,
            OnlyPendingJobs = Env("GITHUB_EVENT_NAME") == "schedule",
            EnglishRepoName = englishRepo,
            EnglishWebUrl = $"{server.TrimEnd('/')}/{englishRepo}",
            LanguageTimeout = TimeSpan.FromMinutes(minutes),
            From = inputs.From,
            ArtifactHint =
                runId == null
                    ? null
                    : "The full report (report.json, pr.md) is the `amts-report-<language>` artifact of [the "
                        + $"workflow run]({server.TrimEnd('/')}/{englishRepo}/actions/runs/{runId}).",
        };
        AnnotateMarkdownProblems(workspace, before, pushed, host);
        var github = new GitHubClient(
            new HttpClient { Timeout = HttpTimeout },
            Env("GITHUB_API_URL") is { Length: > 0 } api ? new Uri(api) : new Uri("https://api.github.com"),
            token
        )
        {
            ServerUrl = new Uri(server),
            Log = host.Log,
        };
        return new ActionRunner(
            github,
            host,
            l => Engine(engineOverride.Length > 0 ? engineOverride : l.Engine, l),
            QualitySystems
        )
            .RunAsync(context, Interrupt.Token)
            .GetAwaiter()
            .GetResult();
    }

    /// <summary>The outputs and the summary, written whatever happened: <c>results</c> (one entry per language),
    /// <c>pr_numbers</c>, <c>report_dir</c>.</summary>
    internal static void WriteResults(
        ICiHost host,
        IReadOnlyList<LanguageOutcome> outcomes,
        string? fatal,
        string reportDir
    )
    {
        var results = JsonSerializer.Serialize(
            outcomes.Select(o => new
            {
                language = o.Language,
                repository = o.Repository,
                operation = o.Operation.Name(),
                pr_number = o.PullNumber,
                pr_url = o.PullUrl,
                mt_chars = o.MtChars,
                message = o.Message,
                error = o.Error,
                warnings = o.Warnings,
                report = o.ReportDirectory,
                series_pr_numbers = o.SeriesPulls,
            })
        );
        host.SetOutput("results", results);
        host.SetOutput(
            "pr_numbers",
            string.Join(' ', outcomes.SelectMany(o => o.PullNumber is { } n ? [n] : o.SeriesPulls))
        );
        host.SetOutput("report_dir", reportDir);
        var sb = new StringBuilder("### Amts.Bot translation sync\n\n");
        if (fatal != null)
            sb.Append($"**The run failed before any language:** {UntrustedMarkdown.Text(fatal)}\n\n");
        if (outcomes.Count > 0)
        {
            sb.Append(
                "| language | repository | operation | pull request | engine characters | message |\n| --- | --- | "
                    + "--- | --- | ---: | --- |\n"
            );
            foreach (var o in outcomes)
                sb.Append(
                    $"| {UntrustedMarkdown.Text(o.Language)} | {UntrustedMarkdown.Text(o.Repository)} | "
                        + o.Operation.Name()
                        + (o.Error != null && o.Operation != ActionOperation.Failed ? " (with errors)" : "")
                        + " | "
                        + (
                            o.SeriesPulls.Count > 0
                                ? $"[series]({o.PullUrl}) of {o.SeriesPulls.Count}: "
                                    + string.Join(", ", o.SeriesPulls.Select(n => "#" + n))
                            : o.PullUrl != null ? $"[#{o.PullNumber}]({o.PullUrl})"
                            : "—"
                        )
                        + $" | {o.MtChars:N0} | {UntrustedMarkdown.Text(o.Error ?? o.Message)} |\n"
                );
        }
        foreach (var o in outcomes.Where(o => o.Failed))
            sb.Append(
                $"\n#### {UntrustedMarkdown.Text(o.Language)}: "
                    + $"failed\n\n{UntrustedMarkdown.Text(o.Error ?? o.Message)}\n\n"
                    + "To recover: fix what the message names (its annotation is on this run), then re-run the "
                    + "failed job "
                    + $"or dispatch the workflow with language {UntrustedMarkdown.Code(o.Language)}. A run finishes "
                    + "what an earlier "
                    + "one left (the branch, the pull request, its comments) and never opens a second pull request.\n"
            );
        host.AppendSummary(sb.ToString());
    }

    /// <summary>before, after and forced of a push payload (nulls where the event is not a push).</summary>
    static (string? Before, string? After, bool Forced) PushEvent(string? eventPath)
    {
        if (eventPath == null || !File.Exists(eventPath))
            return (null, null, false);
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(eventPath));
            string? Get(string name) =>
                doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                    ? v.GetString()
                    : null;
            bool forced = doc.RootElement.TryGetProperty("forced", out var f) && f.ValueKind == JsonValueKind.True;
            return (Get("before"), Get("after"), forced);
        }
        catch (JsonException e)
        {
            throw AmtsException.Service($"the event payload {eventPath} is not JSON: {e.Message}");
        }
    }

    // The engines come from the library's factory, from the same engine specification as `amts sync`'s flags.
    internal static ITranslationEngine? Engine(string name, LanguageConfig language) =>
        EngineFactory.Create((language with { Engine = name }).EngineSpec(), Console.Error);

    /// <summary>With parallel data, the quality table compares Amazon Translate without it (real time) and with it
    /// (batch).</summary>
    static IReadOnlyList<(string System, ITranslationEngine Engine)> QualitySystems(LanguageConfig language)
    {
        if (language.Engine != "aws" || language.Aws?.ParallelData == null)
            return [];
        var spec = language.EngineSpec();
        return
        [
            ("without parallel data", EngineFactory.Create(spec with { ParallelData = null }, Console.Error)),
            ("with parallel data", EngineFactory.Create(spec, Console.Error)),
        ];
    }

    /// <summary>Problems in the pushed English Markdown become annotations on the file and line.</summary>
    internal static void AnnotateMarkdownProblems(string workspace, string? before, string pushed, ICiHost host)
    {
        var git = new GitCli(workspace);
        if (
            before == null
            || before.All(c => c == '0')
            || git.TryRun(out var names, "diff", "--name-only", before, pushed, "--", "*.md") != 0
        )
            return;
        foreach (var path in names.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (git.TryRun(out var text, "show", $"{pushed}:{path}") != 0)
                continue;
            foreach (var d in MarkdownDocument.Parse(text, path).Diagnostics)
                host.Annotate(
                    d.Severity == Severity.Error ? AnnotationLevel.Error : AnnotationLevel.Warning,
                    d.Message,
                    null,
                    path,
                    d.Line
                );
        }
    }
}
