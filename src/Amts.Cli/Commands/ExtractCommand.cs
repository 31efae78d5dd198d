using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Amts.Bot.Alignment;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;
using CommandLine;

namespace Amts.Cli.Commands;

[Verb(
    "extract",
    HelpText = "Align an English book with a translation and mine parallel data (CSV, TSV, TMX) for Amazon Translate."
)]
internal sealed class ExtractOptions
{
    [Option("source", Required = true, HelpText = "The English book: PATH or PATH@REV (a git revision).")]
    public string Source { get; set; } = "";

    [Option("target", Required = true, HelpText = "The translation: PATH or PATH@REV.")]
    public string Target { get; set; } = "";

    [Option("source-lang", Default = "en", HelpText = "The source book's language.")]
    public string SourceLanguage { get; set; } = "en";

    [Option("target-lang", Required = true, HelpText = "The translation's language, e.g. zh.")]
    public string TargetLanguage { get; set; } = "";

    [Option(
        "include-non-book",
        HelpText = "Also mine READMEs, style and contributing guides and contrib/ drafts (left out by default)."
    )]
    public bool IncludeNonBook { get; set; }

    [Option("out", Required = true, HelpText = "Folder for the parallel data, alignment.json and the summary.")]
    public string Out { get; set; } = "";
}

internal static class ExtractCommand
{
    public static int Run(ExtractOptions o, TextWriter stdout, TextWriter stderr)
    {
        var clock = Stopwatch.StartNew();
        // before the long alignment: an unwritable --out fails at once
        var output = OutputFolder.Create("--out", o.Out);
        var source = BookReader.Load(o.Source, o.SourceLanguage);
        var target = BookReader.Load(o.Target, o.TargetLanguage);
        var book = BookAligner.Align(source, target);
        var mining = new MiningOptions { IncludeNonBookContent = o.IncludeNonBook };
        var sentences = ParallelData.Mine(book, PairLevel.Sentence, o.SourceLanguage, o.TargetLanguage, mining);
        var paragraphs = ParallelData.Mine(book, PairLevel.Paragraph, o.SourceLanguage, o.TargetLanguage, mining);

        foreach (var (name, corpus) in new[] { ("sentences", sentences), ("paragraphs", paragraphs) })
        {
            output.Write(name + ".csv", ParallelData.ToCsv(corpus));
            output.Write(name + ".tsv", ParallelData.ToTsv(corpus));
            output.Write(name + ".tmx", ParallelData.ToTmx(corpus));
            output.Write(
                "noise-" + name + ".tsv",
                "reason\tfile\tsource\ttarget\n"
                    + string.Concat(
                        corpus.Noise.Select(n =>
                            $"{n.Reason}\t{n.Pair.File}\t{n.Pair.Source.Replace('\t', ' ').Replace('\n', ' ')}\t"
                            + $"{n.Pair.Target.Replace('\t', ' ').Replace('\n', ' ')}\n"
                        )
                    )
            );
        }
        output.Write("alignment.json", AlignmentJson(book));

        var stats = Coverage(book);
        var rejected = sentences
            .Rejected.Concat(paragraphs.Rejected)
            .GroupBy(r => r.Key)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}={g.Sum(x => x.Value)}");
        var summary =
            $"files mapped {book.Mapping.Pairs.Count} (unmapped: {book.Mapping.UnmappedSource.Count} "
            + $"{o.SourceLanguage}, {book.Mapping.UnmappedTarget.Count} {o.TargetLanguage}), "
            + $"block pairs {stats.BlockPairs} (low confidence {stats.LowConfidence}), {o.SourceLanguage} prose "
            + $"blocks with a target {stats.ProseMatched}/{stats.Prose} "
            + $"({100.0 * stats.ProseMatched / Math.Max(1, stats.Prose):F1} %), "
            + $"sentence pairs {sentences.Pairs.Count}, paragraph pairs {paragraphs.Pairs.Count}, rejected: "
            + $"{string.Join(" ", rejected)}, "
            + $"time {clock.Elapsed.TotalSeconds:F1} s";
        output.Write("summary.txt", summary + "\n");
        stdout.WriteLine(summary);
        return CliApp.Ok;
    }

    internal sealed record CoverageStats(int BlockPairs, int LowConfidence, int Prose, int ProseMatched);

    public static CoverageStats Coverage(BookAlignment book)
    {
        int pairs = 0,
            low = 0,
            prose = 0,
            matched = 0;
        foreach (var f in book.Files)
        foreach (var p in f.Blocks)
        {
            if (p.Source.Count > 0 && p.Target.Count > 0)
            {
                pairs++;
                if (p.Confidence < BookAligner.LowConfidence)
                    low++;
            }
            foreach (var i in p.Source)
            {
                if (BlockFeatures.KindOf(f.Source.Blocks[i]) != AlignKind.Prose)
                    continue;
                prose++;
                if (p.Target.Count > 0)
                    matched++;
            }
        }
        return new CoverageStats(pairs, low, prose, matched);
    }

    static string AlignmentJson(BookAlignment book)
    {
        using var ms = new MemoryStream();
        using (
            var w = new Utf8JsonWriter(
                ms,
                new JsonWriterOptions
                {
                    Indented = true,
                    Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                }
            )
        )
        {
            w.WriteStartObject();
            w.WriteStartObject("lengthModel");
            w.WriteNumber("ratio", Math.Round(book.Lengths.Ratio, 4));
            w.WriteNumber("sigma", Math.Round(book.Lengths.Sigma, 4));
            w.WriteNumber("variance", Math.Round(book.Lengths.Variance, 4));
            w.WriteEndObject();
            WriteStrings(w, "unmappedSource", book.Mapping.UnmappedSource);
            WriteStrings(w, "unmappedTarget", book.Mapping.UnmappedTarget);
            w.WriteStartArray("files");
            foreach (var f in book.Files.OrderBy(f => f.Files.TargetPath, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("source", f.Source.Path);
                w.WriteString("target", f.Target.Path);
                w.WriteBoolean("sourceFromOrigin", f.Files.SourceFromOrigin);
                w.WriteString("mapped", f.Files.How);
                w.WriteStartArray("blocks");
                foreach (var p in f.Blocks)
                {
                    w.WriteStartObject();
                    WriteSide(w, "source", f.Source, p.Source);
                    WriteSide(w, "target", f.Target, p.Target);
                    w.WriteNumber("confidence", Math.Round(p.Confidence, 3));
                    w.WriteString("evidence", p.Evidence);
                    if (p.Source.Count > 0 && p.Target.Count > 0 && p.Confidence < BookAligner.LowConfidence)
                        w.WriteBoolean("lowConfidence", true);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("sentences");
                foreach (var s in f.Sentences)
                foreach (var pair in s.Sentences)
                {
                    w.WriteStartObject();
                    w.WriteNumber("sourceLine", f.Source.Blocks[s.Blocks.Source[0]].Line);
                    w.WriteNumber("targetLine", f.Target.Blocks[s.Blocks.Target[0]].Line);
                    w.WriteString("shape", pair.Shape);
                    w.WriteString("source", pair.SourceText);
                    w.WriteString("target", pair.TargetText);
                    w.WriteNumber("confidence", Math.Round(pair.Confidence, 3));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
            w.WriteStringValue(v);
        w.WriteEndArray();
    }

    static void WriteSide(Utf8JsonWriter w, string name, MarkdownDocument doc, IReadOnlyList<int> blocks)
    {
        if (blocks.Count == 0)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartObject(name);
        w.WriteString("kind", doc.Blocks[blocks[0]].Kind.ToString().ToLowerInvariant());
        w.WriteStartArray("lines");
        w.WriteNumberValue(doc.Blocks[blocks[0]].Line);
        w.WriteNumberValue(doc.Blocks[blocks[^1]].EndLine);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
