using Amts.Bot.Errors;
using Amts.Bot.Infrastructure;
using CommandLine;

namespace Amts.Cli.Commands;

[Verb(
    "demo",
    HelpText = "An offline sync on the bundled excerpt of the books (examples/): the English history into the "
        + "Chinese translation."
)]
internal sealed class DemoOptions
{
    [Option(
        "examples",
        Default = "examples",
        HelpText = "Folder with d2l-en-excerpt.bundle and d2l-zh-excerpt.bundle."
    )]
    public string Examples { get; set; } = "examples";

    [Option("work", HelpText = "Where to clone them and write the report (default: a new temporary folder).")]
    public string? Work { get; set; }

    [Option(
        "repo-url",
        HelpText = "Web address of the English repository in the links (default https://github.com/d2l-ai/d2l-en)."
    )]
    public string? RepoUrl { get; set; }

    [Option("server-url", HelpText = "The forge's address, for the links to lines (default https://github.com).")]
    public string? ServerUrl { get; set; }
}

/// <summary>
/// The offline demo: the bundled excerpt through the action's own pipeline (<see cref="ActionPreview"/>), so its
/// pr.md is the body the action would post (one renderer), then the synced branch checked out in the clone.
/// </summary>
internal static class DemoCommand
{
    public static int Run(DemoOptions o, TextWriter stdout, TextWriter stderr)
    {
        var en = Path.Combine(o.Examples, "d2l-en-excerpt.bundle");
        var zh = Path.Combine(o.Examples, "d2l-zh-excerpt.bundle");
        foreach (var bundle in new[] { en, zh })
            if (!File.Exists(bundle))
                throw AmtsException.Input($"{bundle}: no such file (run from the repository root, or pass --examples)");
        var work = Path.GetFullPath(
            o.Work ?? Path.Combine(Path.GetTempPath(), "amts-demo-" + Guid.NewGuid().ToString("N")[..8])
        );
        if (Directory.Exists(work) && Directory.EnumerateFileSystemEntries(work).Any())
            throw AmtsException.Input($"--work {work} is not empty", "pass an empty or new folder");
        OutputFolder.Create("--work", work);
        var source = Path.Combine(work, "d2l-en");
        var target = Path.Combine(work, "d2l-zh");
        GitCli.Clone(Path.GetFullPath(en), source);
        GitCli.Clone(Path.GetFullPath(zh), target);
        var first = new GitCli(source).Run("rev-list", "--max-parents=0", "HEAD").Trim();
        var preview = Path.Combine(work, "preview");
        var options = new ActionOptions
        {
            Preview = true,
            Source = source,
            Target = target,
            Language = "zh",
            From = first,
            To = "HEAD",
            Out = preview,
            Engine = "memory",
            RepoUrl = o.RepoUrl,
            ServerUrl = o.ServerUrl,
        };
        // The synced branch is fetched from the preview's scratch remote before it is removed.
        var (result, _) = ActionPreview.Execute(options, TextWriter.Null, r =>
        {
            var git = new GitCli(target);
            git.Run("fetch", "-q", r.Mirror, $"+refs/heads/{r.Branch}:refs/heads/{r.Branch}");
            git.Run("checkout", "-q", r.Branch);
        });
        if (result.Report == null)
            throw AmtsException.Bug(
                $"the demo's sync made no commit: {result.Outcome.Error ?? result.Outcome.Message}"
            );
        var report = Path.Combine(work, "report");
        var reportFolder = OutputFolder.Create("--work", report);
        // The action's own report files: the demo shows what the action writes, in the format amts sync writes too.
        foreach (var name in new[] { "report.json", "pr.md" })
            reportFolder.Write(name, File.ReadAllText(Path.Combine(preview, "amts-report", "zh", name)));
        stdout.WriteLine(SyncCommand.Summary(result.Report, "zh", report));
        stdout.WriteLine(
            $"the synced translation is in {target} (branch {result.Branch}; see `git -C {target} show --stat`), the "
                + "PR body in "
                + $"{Path.Combine(report, "pr.md")}; everything the action would push and post is in {preview}"
        );
        return result.Outcome.Failed ? CliApp.Failed : CliApp.Ok;
    }
}
