using System.Diagnostics;
using Amts.Bot.Markdown;
using CommandLine;

namespace Amts.Cli.Commands;

[Verb("md", HelpText = "Time parsing and checking every Markdown file below the given folders.")]
public sealed class BenchMdOptions
{
    [Value(0, Min = 1, MetaName = "FOLDER")]
    public IEnumerable<string> Folders { get; set; } = [];

    [Option("repeat", Default = 5, HelpText = "Timed runs (after one warm-up); the best is reported.")]
    public int Repeat { get; set; }
}

public static class BenchCommands
{
    public static int Markdown(BenchMdOptions options, TextWriter stdout, TextWriter stderr)
    {
        var files = options.Folders.SelectMany(MdCommands.MarkdownFiles).ToList();
        var bytes = files.Select(File.ReadAllBytes).ToList();
        long total = bytes.Sum(b => (long)b.Length);
        double best = double.MaxValue;
        int blocks = 0;
        for (int run = 0; run <= options.Repeat; run++)
        {
            var sw = Stopwatch.StartNew();
            var results = new FileCheck[files.Count];
            Parallel.For(0, files.Count, i => results[i] = LosslessCheck.Run(bytes[i], files[i]));
            sw.Stop();
            blocks = results.Sum(r => r.Blocks);
            if (run > 0) best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        stdout.WriteLine($"md check: {files.Count} files, {total / 1e6:F2} MB, {blocks} blocks: best of {options.Repeat} {best * 1000:F0} ms ({total / 1e6 / best:F1} MB/s), peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MiB");
        return CliApp.Ok;
    }
}
