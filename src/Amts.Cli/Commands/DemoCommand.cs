using Amts.Bot.Errors;
using Amts.Bot.Publishing;
using CommandLine;

namespace Amts.Cli.Commands;

[Verb("demo", HelpText = "An offline sync on the bundled excerpt of the books (examples/): the English history into the Chinese translation.")]
internal sealed class DemoOptions
{
    [Option("examples", Default = "examples", HelpText = "Folder with d2l-en-excerpt.bundle and d2l-zh-excerpt.bundle.")]
    public string Examples { get; set; } = "examples";

    [Option("work", HelpText = "Where to clone them and write the report (default: a new temporary folder).")]
    public string? Work { get; set; }
}

internal static class DemoCommand
{
    public static int Run(DemoOptions o, TextWriter stdout, TextWriter stderr)
    {
        var en = Path.Combine(o.Examples, "d2l-en-excerpt.bundle");
        var zh = Path.Combine(o.Examples, "d2l-zh-excerpt.bundle");
        foreach (var bundle in new[] { en, zh })
            if (!File.Exists(bundle)) throw AmtsException.Input($"{bundle}: no such file (run from the repository root, or pass --examples)");
        var work = Path.GetFullPath(o.Work ?? Path.Combine(Path.GetTempPath(), "amts-demo-" + Guid.NewGuid().ToString("N")[..8]));
        if (Directory.Exists(work) && Directory.EnumerateFileSystemEntries(work).Any()) throw AmtsException.Input($"--work {work} is not empty", "pass an empty or new folder");
        OutputFolder.Create("--work", work);
        var source = Path.Combine(work, "d2l-en");
        var target = Path.Combine(work, "d2l-zh");
        GitCli.Clone(Path.GetFullPath(en), source);
        GitCli.Clone(Path.GetFullPath(zh), target);
        var first = new GitCli(source).Run("rev-list", "--max-parents=0", "HEAD").Trim();
        var report = Path.Combine(work, "report");
        int code = SyncCommand.Run(new SyncOptionsCli
        {
            Source = source, Target = target, Language = "zh", From = first, To = "HEAD", Commit = true, Report = report,
        }, stdout, stderr);
        stdout.WriteLine($"the synced translation is in {target} (branch amts/sync-zh; see `git -C {target} show --stat`), the PR body in {Path.Combine(report, "pr.md")}");
        return code;
    }
}
