using System.Text.Json;
using System.Text.Json.Serialization;
using Amts.Bot.Errors;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;
using CommandLine;

namespace Amts.Cli.Commands;

[Verb("check", HelpText = "Parse, re-render and verify the lossless round trips of Markdown files.")]
internal sealed class MdCheckOptions
{
    [Value(0, Min = 1, MetaName = "PATH", HelpText = "Files or folders (folders are searched for *.md).")]
    public IEnumerable<string> Paths { get; set; } = [];

    [Option(
        "history",
        HelpText = "For a PATH that is a git repository, check every Markdown blob in its whole history."
    )]
    public bool History { get; set; }
}

[Verb("blocks", HelpText = "List the blocks of a Markdown file.")]
internal sealed class MdBlocksOptions
{
    [Value(0, Required = true, MetaName = "FILE", HelpText = "A d2l Markdown file.")]
    public string File { get; set; } = "";

    [Option("json", HelpText = "Print JSON.")]
    public bool Json { get; set; }
}

internal static class MdCommands
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static int Check(MdCheckOptions options, TextWriter stdout, TextWriter stderr)
    {
        var inputs = CollectInputs(options);
        // Nothing checked is not "all lossless" (issue 20: an empty folder or a bare repository passed).
        if (inputs.Count == 0)
            throw AmtsException.Input(
                $"{string.Join(", ", options.Paths)}: no Markdown file (*.md) to check"
                    + (
                        options.Paths.Any(p => Directory.Exists(p) && IsBare(p))
                            ? " (a bare repository has no work tree: add --history)"
                            : ""
                    ),
                "give files or folders with .md files, or a clone's work tree with --history for every version in git"
            );
        var results = new FileCheck[inputs.Count];
        Parallel.For(0, inputs.Count, i => results[i] = LosslessCheck.Run(inputs[i].Bytes(), inputs[i].Name));
        foreach (var r in results)
        {
            foreach (var w in r.Warnings)
                stderr.WriteLine(w);
            foreach (var f in r.Failures)
                stderr.WriteLine(f);
        }
        var bad = results.Where(r => !r.IsLossless).Select(r => r.Path).ToList();
        var summary =
            $"checked {results.Length} files, {results.Sum(r => r.Blocks)} blocks, "
            + $"{results.Sum(r => r.ProtectedSpans)} protected spans";
        if (bad.Count == 0)
        {
            stdout.WriteLine($"{summary}: all lossless");
            return CliApp.Ok;
        }
        stdout.WriteLine($"{summary}: {bad.Count} not lossless: {string.Join(", ", bad)}");
        return CliApp.Failed;
    }

    sealed record Input(string Name, Func<byte[]> Bytes);

    static List<Input> CollectInputs(MdCheckOptions options)
    {
        var inputs = new List<Input>();
        foreach (var path in options.Paths)
        {
            if (File.Exists(path))
                inputs.Add(new Input(path, () => File.ReadAllBytes(path)));
            else if (
                Directory.Exists(path)
                && options.History
                && (Directory.Exists(Path.Combine(path, ".git")) || IsBare(path))
            )
            {
                var git = new GitCli(path);
                var blobs = git.HistoryBlobs(p => p.EndsWith(".md", StringComparison.OrdinalIgnoreCase));
                var contents = git.ReadBlobs(blobs.Select(b => b.Id).ToList());
                inputs.AddRange(blobs.Select(b => new Input($"{path}@{b.Id[..10]}:{b.Path}", () => contents[b.Id])));
            }
            else if (Directory.Exists(path))
                inputs.AddRange(MarkdownFiles(path).Select(f => new Input(f, () => File.ReadAllBytes(f))));
            else
                throw AmtsException.Input($"{path}: no such file or directory");
        }
        return inputs;
    }

    static bool IsBare(string path) =>
        new GitCli(path).TryRun(out var bare, "rev-parse", "--is-bare-repository") == 0 && bare.Trim() == "true";

    public static IEnumerable<string> MarkdownFiles(string folder) =>
        Directory
            .EnumerateFiles(folder, "*.md", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Contains(".git"))
            .Order(StringComparer.Ordinal);

    public static int Blocks(MdBlocksOptions options, TextWriter stdout, TextWriter stderr)
    {
        if (!File.Exists(options.File))
            throw AmtsException.Input($"{options.File}: no such file");
        var doc = MarkdownDocument.Load(options.File);
        foreach (var d in doc.Diagnostics)
            stderr.WriteLine(d);
        if (options.Json)
        {
            var rows = doc.Blocks.Select(b => new
            {
                kind = b.Kind,
                line = b.Line,
                endLine = b.EndLine,
                headingLevel = b.HeadingLevel == 0 ? (int?)null : b.HeadingLevel,
                label = b.Label,
                code = b.Code,
                figure = b.Figure,
                tabs = b.Tabs.Count == 0 ? null : b.Tabs,
                protectedSpans = b.IsProse
                    ? ProtectedSpans.Find(b.Text).Select(s => new { kind = s.Kind, text = s.Text(b.Text) })
                    : null,
            });
            stdout.WriteLine(JsonSerializer.Serialize(rows, Json));
        }
        else
        {
            foreach (var b in doc.Blocks)
            {
                var extra = b.Label != null ? $" label={b.Label}" : "";
                if (b.Code != null)
                    extra +=
                        $" code={b.Code.Language}"
                        + (b.Code.Tabs.Count > 0 ? $" tab={string.Join(",", b.Code.Tabs)}" : "");
                if (b.Tabs.Count > 0)
                    extra += $" tabs={string.Join(",", b.Tabs)}";
                stdout.WriteLine($"{b.Line, 6}-{b.EndLine, -6} {b.Kind}{extra}");
            }
        }
        return CliApp.Ok;
    }
}
