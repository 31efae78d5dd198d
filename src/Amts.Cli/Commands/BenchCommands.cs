using System.Diagnostics;
using Amts.Bot.Markdown;
using CommandLine;

namespace Amts.Cli.Commands;

[Verb("md", HelpText = "Time parsing and checking every Markdown file below the given folders.")]
internal sealed class BenchMdOptions
{
    [Value(0, Min = 1, MetaName = "FOLDER", HelpText = "Folders searched for *.md (e.g. clones of the books).")]
    public IEnumerable<string> Folders { get; set; } = [];

    [Option("repeat", Default = 5, HelpText = "Timed runs (after one warm-up); the best is reported.")]
    public int Repeat { get; set; }
}

[Verb("bleu", HelpText = "Time BLEU and chrF on large corpora built from the English and Chinese books.")]
internal sealed class BenchBleuOptions
{
    [Option("en", Required = true, HelpText = "Folder of the English book.")]
    public string English { get; set; } = "";

    [Option("zh", Required = true, HelpText = "Folder of the Chinese book.")]
    public string Chinese { get; set; } = "";

    [Option("lines", Default = 100_000, HelpText = "Sentence pairs in each benchmark corpus.")]
    public int Lines { get; set; }

    [Option("repeat", Default = 3, HelpText = "Timed runs (after one warm-up); the best is reported.")]
    public int Repeat { get; set; }

    [Option(
        "out",
        HelpText = "Also write the corpora here (hyp.en.txt, ref.en.txt, hyp.zh.txt, ref.zh.txt) for other tools."
    )]
    public string? Out { get; set; }
}

internal static class BenchCommands
{
    public static int Bleu(BenchBleuOptions o, TextWriter stdout, TextWriter stderr)
    {
        foreach (var (lang, folder, tokenizer) in new[] { ("en", o.English, "13a"), ("zh", o.Chinese, "zh") })
        {
            var (hyps, refs) = Amts.Bot.Evaluation.BenchmarkCorpus.Build(folder, lang, o.Lines);
            if (o.Out != null)
            {
                var output = OutputFolder.Create("--out", o.Out);
                output.Write($"hyp.{lang}.txt", string.Concat(hyps.Select(h => h + "\n")));
                output.Write($"ref.{lang}.txt", string.Concat(refs.Select(r => r + "\n")));
            }
            var streams = new List<IReadOnlyList<string>> { refs };
            long chars = hyps.Sum(h => (long)h.Length) + refs.Sum(r => (long)r.Length);
            foreach (
                var (metric, score) in new (string, Func<double>)[]
                {
                    ($"BLEU tok:{tokenizer}", () =>
                        new Amts.Bot.Evaluation.Bleu(new() { Tokenize = tokenizer }).Corpus(hyps, streams).Score
                    ),
                    ("chrF2", () => new Amts.Bot.Evaluation.Chrf().Corpus(hyps, streams).Score),
                    ("chrF2++", () =>
                        new Amts.Bot.Evaluation.Chrf(new() { WordOrder = 2 }).Corpus(hyps, streams).Score
                    ),
                }
            )
            {
                double best = double.MaxValue,
                    value = 0;
                for (int run = 0; run <= o.Repeat; run++)
                {
                    var sw = Stopwatch.StartNew();
                    value = score();
                    if (run > 0)
                        best = Math.Min(best, sw.Elapsed.TotalSeconds);
                }
                stdout.WriteLine(
                    $"{lang} {o.Lines} lines ({chars / 1e6:F1} M chars) {metric, -14} = {value, 8:F4}: best of "
                        + $"{o.Repeat} {best * 1000, 7:F0} ms"
                );
            }
        }
        stdout.WriteLine(
            $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MiB, "
                + $"{Environment.ProcessorCount} cores"
        );
        return CliApp.Ok;
    }

    public static int Markdown(BenchMdOptions options, TextWriter stdout, TextWriter stderr)
    {
        var files = options.Folders.SelectMany(MdCommands.MarkdownFiles).ToList();
        var bytes = files.Select(File.ReadAllBytes).ToList();
        long total = bytes.Sum(b => (long)b.Length);
        double best = double.MaxValue;
        int blocks = 0;
        for (int run = 0; run <= options.Repeat; run++)
        {
            ProtectedSpans.Forget(); // each run parses every span itself
            var sw = Stopwatch.StartNew();
            var results = new FileCheck[files.Count];
            Parallel.For(0, files.Count, i => results[i] = LosslessCheck.Run(bytes[i], files[i]));
            sw.Stop();
            blocks = results.Sum(r => r.Blocks);
            if (run > 0)
                best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        stdout.WriteLine(
            $"md check: {files.Count} files, {total / 1e6:F2} MB, {blocks} blocks: best of {options.Repeat} "
                + $"{best * 1000:F0} ms ({total / 1e6 / best:F1} MB/s), peak working set "
                + $"{Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MiB"
        );
        return CliApp.Ok;
    }
}
