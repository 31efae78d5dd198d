using System.Text;
using Amts.Bot.Errors;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;
using Amts.Bot.Publishing;
using Amts.Bot.Publishing.Action;
using Amts.Bot.Sync;
using Amts.Bot.Sync.Run;

namespace Amts.Cli.Commands;

/// <summary>What one preview produced: the outcome and, when a sync commit was made, its report.</summary>
internal sealed record PreviewResult(LanguageOutcome Outcome, SyncReport? Report, string Mirror, string Branch);

/// <summary>
/// <c>amts action --preview</c>: the action's whole pipeline (<see cref="ActionRunner"/>, the same code, publishing
/// included) for one language against local clones, with no token and no network: the forge is a
/// <see cref="LocalForge"/>, which writes every call to the output folder, the CI host writes the log with its
/// annotations, the job summary and the outputs there, and what would be pushed is listed (push.txt) with the
/// branch's diff (sync.diff). The English and translation clones are only read; the action pushes to a scratch
/// mirror, deleted afterwards. The engine must work offline (memory or apertium); a language configured for aws
/// is previewed with memory and says so.
/// </summary>
internal static class ActionPreview
{
    const string DefaultEnglish = "d2l-ai/d2l-en";

    public static int Run(ActionOptions o, TextWriter stdout, TextWriter stderr)
    {
        var (result, outDir) = Execute(o, stdout);
        var outcome = result.Outcome;
        stdout.WriteLine(
            $"preview of {outcome.Language}: {outcome.Operation.Name()}: " + $"{outcome.Error ?? outcome.Message}"
        );
        stdout.WriteLine(
            $"what the action would push and post is in {outDir} (pull-request-title.txt, pull-request-body.md, "
                + "review.md, quality-comment.md, push.txt, sync.diff, log.txt, summary.md)"
        );
        return outcome.Failed ? CliApp.Failed : CliApp.Ok;
    }

    /// <summary>Runs the preview (also for <c>amts demo</c>); the scratch folder is always removed.</summary>
    internal static (PreviewResult Result, string OutDir) Execute(
        ActionOptions o,
        TextWriter stdout,
        Action<PreviewResult>? beforeCleanup = null
    )
    {
        if (o.Language is not { Length: > 0 } code)
            throw AmtsException.Input("--preview needs --lang", "e.g. --lang zh");
        if (o.Target is not { Length: > 0 } targetArg)
            throw AmtsException.Input(
                "--preview needs --target",
                "the local clone of the translation, e.g. --target ../d2l-zh"
            );
        if (o.Out is not { Length: > 0 } outArg)
            throw AmtsException.Input("--preview needs --out", "a new or empty folder for what the action would post");
        var source = Path.GetFullPath(o.Source);
        var target = Path.GetFullPath(targetArg);
        foreach (var (what, dir) in new[] { ("--source", source), ("--target", target) })
            if (!Directory.Exists(dir))
                throw AmtsException.Input($"{what} {dir}: no such folder");
        SyncPreconditions.DistinctRepositories(source, target);
        var outDir = Path.GetFullPath(outArg);
        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
            throw AmtsException.Input(
                $"--out {outDir} is not empty",
                "pass a new or empty folder (the preview writes every file it would post)"
            );
        OutputFolder.Create("--out", outDir);

        var english = new GitCli(source);
        var to = SyncPreconditions.ResolveCommit(english, o.To, "--to");
        var from = o.From != null ? SyncPreconditions.ResolveCommit(english, o.From, "--from") : null;
        var englishUrl = (
            o.RepoUrl ?? SyncRunner.GitHubUrlOf(english) ?? "https://github.com/" + DefaultEnglish
        ).TrimEnd('/');
        var englishName = string.Join('/', new Uri(englishUrl).AbsolutePath.Trim('/').Split('/').TakeLast(2));
        var config = Config(o, source, target, code);
        var language = config.Languages.FirstOrDefault(l => l.Code == code)
            ?? throw AmtsException.Input(
                $"--lang {code}: not in the configuration ({string.Join(", ", config.Languages.Select(l => l.Code))})"
            );

        var scratch = Path.Combine(Path.GetTempPath(), "amts-preview-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(scratch);
        using var log = new StreamWriter(Path.Combine(outDir, "log.txt"), false, new UTF8Encoding(false));
        var host = new GitHubActionsHost(
            new Tee(log, stdout),
            Path.Combine(outDir, "outputs.txt"),
            Path.Combine(outDir, "summary.md")
        );
        try
        {
            var forge = new LocalForge(
                target,
                scratch,
                outDir,
                o.ServerUrl != null ? new Uri(o.ServerUrl) : null,
                o.PullNumber
            );
            if (o.Engine is { } asked && asked is not ("memory" or "apertium"))
                throw AmtsException.Input($"--engine {asked}: the preview runs offline", "use memory or apertium");
            var engine = o.Engine ?? language.Engine;
            if (engine == "aws")
            {
                host.Log(
                    $"{code}: the configuration's engine is aws, which needs the network: "
                        + "previewed with the memory engine (characters and costs are then the memory engine's; "
                        + "pass --engine apertium for Apertium)"
                );
                engine = "memory";
            }
            ActionCommand.AnnotateMarkdownProblems(source, from, to, host);
            var context = new ActionContext
            {
                EnglishRepo = source,
                PushedCommit = to,
                PushBefore = from,
                Config = config,
                Token = "(no token: preview)",
                WorkRoot = scratch,
                ReportRoot = outDir,
                Language = code,
                EnglishRepoName = englishName,
                EnglishWebUrl = englishUrl,
            };
            var outcomes = new ActionRunner(forge, host, l => ActionCommand.Engine(engine, l))
                .RunAsync(context, Interrupt.Token)
                .GetAwaiter()
                .GetResult();
            ActionCommand.WriteResults(host, outcomes, null, Path.Combine(outDir, "amts-report"));
            var head = $"amts/sync-{code}";
            var mirror = new GitCli(forge.Mirror);
            WritePushes(forge, mirror, outDir);
            SyncReport? report = null;
            if (mirror.TryRun(out _, "rev-parse", "--verify", "-q", "refs/heads/" + head) == 0)
            {
                var baseBranch = forge.DefaultBranchAsync(language.Repository, default).GetAwaiter().GetResult();
                File.WriteAllText(
                    Path.Combine(outDir, "sync.diff"),
                    mirror.Run("diff", $"refs/heads/{baseBranch}...refs/heads/{head}"),
                    new UTF8Encoding(false)
                );
                report = ReportNotes.Collect(mirror, "refs/heads/" + baseBranch, "refs/heads/" + head).LastOrDefault();
            }
            var result = new PreviewResult(outcomes.Single(), report, forge.Mirror, head);
            beforeCleanup?.Invoke(result);
            return (result, outDir);
        }
        finally
        {
            log.Flush();
            DeleteTree(scratch);
        }
    }

    /// <summary>push.txt: each ref the action pushed, from what GitHub had to what it would have.</summary>
    static void WritePushes(LocalForge forge, GitCli mirror, string outDir)
    {
        var after = forge.Refs();
        var sb = new StringBuilder();
        foreach (var (name, sha) in after.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            forge.RefsBefore.TryGetValue(name, out var old);
            if (old == sha)
                continue;
            bool branch = name.StartsWith("refs/heads/", StringComparison.Ordinal);
            var tree = branch ? $" (tree {mirror.Run("rev-parse", sha + "^{tree}").Trim()})" : "";
            sb.Append($"{name} {old ?? "(new)"} -> {sha}{tree}\n");
            if (!branch)
                continue;
            var log =
                old != null
                    ? mirror.Run("log", "--format=  %h %s", $"{old}..{sha}")
                    : mirror.Run(
                        "log",
                        "--format=  %h %s",
                        sha,
                        "--not",
                        "--exclude=" + name["refs/heads/".Length..],
                        "--branches"
                    );
            foreach (var line in log.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                sb.Append(line).Append('\n');
        }
        foreach (var name in forge.RefsBefore.Keys.Where(k => !after.ContainsKey(k)))
            sb.Append($"{name} deleted\n");
        File.WriteAllText(
            Path.Combine(outDir, "push.txt"),
            sb.Length == 0 ? "nothing to push\n" : sb.ToString(),
            new UTF8Encoding(false)
        );
    }

    /// <summary>The configuration: --config, else the English repository's .github/amts.yml, else one entry for the
    /// language (the repository named after the target's GitHub remote).</summary>
    static ActionConfig Config(ActionOptions o, string source, string target, string code)
    {
        var path = o.Config != null ? Path.GetFullPath(o.Config) : Path.Combine(source, ActionInputs.DefaultConfig);
        string yaml,
            name;
        if (File.Exists(path))
        {
            yaml = SourceText.ReadFile(path);
            name = Path.GetRelativePath(source, path);
        }
        else if (o.Config != null)
            throw AmtsException.Input($"--config {o.Config}: no such file");
        else
        {
            var repo = SyncRunner.GitHubUrlOf(new GitCli(target)) is { } url
                ? url["https://github.com/".Length..]
                : $"d2l-ai/d2l-{code}";
            yaml = $"languages:\n  - code: {code}\n    repository: {repo}\n";
            name = "(the preview's default configuration)";
        }
        var (config, errors) = ActionConfigReader.Parse(yaml, name);
        if (config == null)
            throw AmtsException.Input($"{name}: {string.Join("; ", errors)}", "fix the configuration");
        return config;
    }

    static void DeleteTree(string dir)
    {
        if (!Directory.Exists(dir))
            return;
        foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            File.SetAttributes(f, FileAttributes.Normal);
        Directory.Delete(dir, true);
    }

    /// <summary>Writes the log to the file and the terminal.</summary>
    sealed class Tee(TextWriter a, TextWriter b) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            a.Write(value);
            b.Write(value);
        }

        public override void Write(string? value)
        {
            a.Write(value);
            b.Write(value);
        }

        public override void WriteLine(string? value)
        {
            a.WriteLine(value);
            b.WriteLine(value);
        }
    }
}
