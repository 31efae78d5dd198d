using System.Text;
using System.Text.Json;
using Amts.Bot.Markdown;
using Amts.Bot.Publishing;
using Amts.Bot.Publishing.GitHub;
using Amts.Bot.Translation;
using Amts.Bot.Translation.Aws;
using CommandLine;

namespace Amts.Cli.Commands;

[Verb("action", HelpText = "The GitHub Action's entry point: reads INPUT_*, GITHUB_* and the push event from the environment.")]
public sealed class ActionOptions;

/// <summary>
/// The container action's entry point. Everything comes from the environment GitHub gives a container action:
/// the inputs as <c>INPUT_*</c>, the English repository in <c>GITHUB_WORKSPACE</c>, the push in
/// <c>GITHUB_EVENT_PATH</c>; results go to <c>GITHUB_OUTPUT</c> and <c>GITHUB_STEP_SUMMARY</c>. The token is masked
/// before anything else is printed, and nothing from the book is printed raw (it could hold workflow commands).
/// </summary>
public static class ActionCommand
{
    public static int Run(ActionOptions _, TextWriter stdout, TextWriter stderr, IDictionary<string, string?>? environment = null)
    {
        string? Env(string name) => environment != null ? environment.TryGetValue(name, out var v) ? v : null : Environment.GetEnvironmentVariable(name);
        string Input(string name, string fallback = "") => Env("INPUT_" + name.ToUpperInvariant()) is { Length: > 0 } v ? v.Trim() : fallback;

        var token = Input("github_token");
        if (token.Length == 0) { stdout.WriteLine("::error::input github_token is required"); return CliApp.Failed; }
        stdout.WriteLine($"::add-mask::{token}");
        var workspace = Env("GITHUB_WORKSPACE") ?? Directory.GetCurrentDirectory();
        var configPath = Path.Combine(workspace, Input("config", ".github/amts.yml"));
        if (!File.Exists(configPath)) { stdout.WriteLine($"::error::no configuration at {ActionRunner.Escape(configPath)}"); return CliApp.Failed; }
        var (config, errors) = ActionConfigReader.Parse(SourceText.ReadFile(configPath), Path.GetRelativePath(workspace, configPath));
        foreach (var e in errors) stdout.WriteLine($"::error file={e.Path},line={e.Line},col={e.Column}::{ActionRunner.Escape(e.Message)}");
        if (config == null) return CliApp.Failed;

        var (before, after) = PushRange(Env("GITHUB_EVENT_PATH"));
        var pushed = after ?? Env("GITHUB_SHA") ?? throw Amts.Bot.Errors.AmtsException.Input("neither the push event nor GITHUB_SHA names the pushed commit");
        var engineOverride = Input("engine");
        var context = new ActionContext
        {
            EnglishRepo = workspace, PushedCommit = pushed, PushBefore = before, Config = config, Token = token,
            ServerUrl = new Uri(Env("GITHUB_SERVER_URL") is { Length: > 0 } s ? s : "https://github.com"),
            WorkRoot = Env("RUNNER_TEMP") is { Length: > 0 } t && Directory.Exists(t) ? t : Path.GetTempPath(),
            Language = Input("language"), DryRun = Input("dry_run", "false") == "true",
            EnglishRepoName = Env("GITHUB_REPOSITORY") is { Length: > 0 } r ? r : "d2l-ai/d2l-en",
        };
        AnnotateMarkdownProblems(workspace, before, pushed, stdout);
        var github = new GitHubClient(new HttpClient { Timeout = TimeSpan.FromSeconds(60) }, Env("GITHUB_API_URL") is { Length: > 0 } api ? new Uri(api) : new Uri("https://api.github.com"), token);
        var outcomes = new ActionRunner(github, l => Engine(engineOverride.Length > 0 ? engineOverride : l.Engine, l), stdout, QualitySystems)
            .RunAsync(context).GetAwaiter().GetResult();

        var results = JsonSerializer.Serialize(outcomes.Select(o => new { language = o.Language, repository = o.Repository, operation = o.Operation, pr_number = o.PullNumber, pr_url = o.PullUrl, mt_chars = o.MtChars }));
        if (Env("GITHUB_OUTPUT") is { Length: > 0 } outputFile)
        {
            var delimiter = "amts_" + Guid.NewGuid().ToString("N");
            File.AppendAllText(outputFile, $"results<<{delimiter}\n{results}\n{delimiter}\n");
        }
        if (Env("GITHUB_STEP_SUMMARY") is { Length: > 0 } summaryFile)
        {
            var sb = new StringBuilder("### Amts.Bot translation sync\n\n| language | repository | operation | pull request | engine characters |\n| --- | --- | --- | --- | ---: |\n");
            foreach (var o in outcomes)
                sb.Append($"| {o.Language} | {MarkdownText.Escape(o.Repository)} | {o.Operation} | {(o.PullUrl != null ? $"[#{o.PullNumber}]({o.PullUrl})" : "—")} | {o.MtChars:N0} |\n");
            File.AppendAllText(summaryFile, sb.ToString());
        }
        return outcomes.Any(o => o.Operation == "failed") ? CliApp.Failed : CliApp.Ok;
    }

    /// <summary>before and after of a push payload (null where the event is not a push).</summary>
    static (string? Before, string? After) PushRange(string? eventPath)
    {
        if (eventPath == null || !File.Exists(eventPath)) return (null, null);
        using var doc = JsonDocument.Parse(File.ReadAllText(eventPath));
        string? Get(string name) => doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return (Get("before"), Get("after"));
    }

    // The engines come from the library's factory, from the same engine specification as `amts sync`'s flags.
    static ITranslationEngine? Engine(string name, LanguageConfig language) =>
        EngineFactory.Create(EngineSpec.FromConfig(language with { Engine = name }), Console.Error);

    /// <summary>With parallel data, the quality table compares Amazon Translate without it (real time) and with it (batch).</summary>
    static IReadOnlyList<(string System, ITranslationEngine Engine)> QualitySystems(LanguageConfig language)
    {
        if (language.Engine != "aws" || language.Aws?.ParallelData == null) return [];
        var spec = EngineSpec.FromConfig(language);
        return [("without parallel data", EngineFactory.Create(spec with { ParallelData = null }, Console.Error)), ("with parallel data", EngineFactory.Create(spec, Console.Error))];
    }

    /// <summary>Problems in the pushed English Markdown become annotations on the file and line.</summary>
    static void AnnotateMarkdownProblems(string workspace, string? before, string pushed, TextWriter stdout)
    {
        var git = new GitCli(workspace);
        if (before == null || before.All(c => c == '0') || git.TryRun(out var names, "diff", "--name-only", before, pushed, "--", "*.md") != 0) return;
        foreach (var path in names.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (git.TryRun(out var text, "show", $"{pushed}:{path}") != 0) continue;
            foreach (var d in MarkdownDocument.Parse(text, path).Diagnostics)
                stdout.WriteLine($"::{(d.Severity == Severity.Error ? "error" : "warning")} file={ActionRunner.Escape(path).Replace(",", "%2C").Replace(":", "%3A")},line={d.Line}::{ActionRunner.Escape(d.Message)}");
        }
    }
}
