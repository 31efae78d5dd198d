using Amts.Bot.Alignment;
using Amts.Bot.Errors;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;
using Amts.Bot.Translation.Aws;
using CommandLine;

namespace Amts.Cli.Commands;

internal abstract class AwsOptions
{
    [Option("region", HelpText = "AWS region (default: AWS_REGION).")]
    public string? Region { get; set; }
}

[Verb(
    "publish",
    HelpText = "Mine parallel data from the human translation, upload it to S3, create or update the resource, wait "
        + "until ACTIVE."
)]
internal sealed class ParallelDataPublishOptions : AwsOptions
{
    [Option("source", Required = true, HelpText = "The English book: PATH or PATH@REV.")]
    public string Source { get; set; } = "";

    [Option("target", Required = true, HelpText = "The translation: PATH or PATH@REV.")]
    public string Target { get; set; } = "";

    [Option("target-lang", Required = true, HelpText = "The translation's language, e.g. zh.")]
    public string TargetLanguage { get; set; } = "";

    [Option("name", Required = true, HelpText = "The parallel data resource.")]
    public string Name { get; set; } = "";

    [Option("bucket", Required = true, HelpText = "S3 bucket Amazon Translate imports the parallel data from.")]
    public string Bucket { get; set; } = "";

    [Option(
        "prefix",
        Default = "amts/parallel-data",
        HelpText = "Folder in the bucket (leading and trailing slashes are ignored; / is the bucket root)."
    )]
    public string Prefix { get; set; } = "amts/parallel-data";

    [Option("level", Default = "sentence", HelpText = "sentence (better, per the AMTS experiments) or paragraph.")]
    public string Level { get; set; } = "sentence";

    [Option("format", Default = "tmx", HelpText = "csv, tsv or tmx.")]
    public string Format { get; set; } = "tmx";

    [Option("poll-seconds", Default = 30.0, HelpText = "Interval between status checks of the import.")]
    public double PollSeconds { get; set; }

    [Option("deadline-minutes", Default = 60.0, HelpText = "How long to wait for the resource to become ACTIVE.")]
    public double DeadlineMinutes { get; set; }
}

[Verb(
    "publish",
    HelpText = "Import the book's glossary (d2l's TERMINOLOGY.md) as Amazon Translate custom terminology."
)]
internal sealed class TerminologyPublishOptions : AwsOptions
{
    [Option("glossary", Required = true, HelpText = "TERMINOLOGY.md of the translation.")]
    public string Glossary { get; set; } = "";

    [Option("name", Required = true, HelpText = "The custom terminology resource (created or overwritten).")]
    public string Name { get; set; } = "";

    [Option("source-lang", Default = "en", HelpText = "The glossary's source language.")]
    public string SourceLanguage { get; set; } = "en";

    [Option("target-lang", Required = true, HelpText = "The glossary's target language, e.g. zh.")]
    public string TargetLanguage { get; set; } = "";
}

internal static class PublishCommands
{
    static TranslateClient Client(AwsOptions o) =>
        new(
            new HttpClient { Timeout = TimeSpan.FromSeconds(60) },
            AwsEndpoint.ForTranslate(o.Region),
            TranslateClient.DefaultCredentials()
        );

    public static int ParallelData(ParallelDataPublishOptions o, TextWriter stdout, TextWriter stderr)
    {
        var level = o.Level switch
        {
            "sentence" => PairLevel.Sentence,
            "paragraph" => PairLevel.Paragraph,
            _ => throw AmtsException.Input($"unknown --level '{o.Level}' (sentence or paragraph)"),
        };
        if (o.Format is not ("csv" or "tsv" or "tmx"))
            throw AmtsException.Input($"unknown --format '{o.Format}' (csv, tsv or tmx)");
        var client = Client(o);
        var book = BookAligner.Align(BookReader.Load(o.Source, "en"), BookReader.Load(o.Target, o.TargetLanguage));
        var corpus = Amts.Bot.Alignment.ParallelData.Mine(book, level, "en", o.TargetLanguage);
        var region = AwsEndpoint.ForTranslate(o.Region).Region;
        var outcome = TranslatePublishing
            .PublishParallelDataAsync(
                client,
                S3Store.Create(region),
                corpus,
                o.Name,
                new S3Location(o.Bucket, S3Prefix.Normalize(o.Prefix)),
                o.Format,
                TimeSpan.FromSeconds(o.PollSeconds),
                TimeSpan.FromMinutes(o.DeadlineMinutes)
            )
            .GetAwaiter()
            .GetResult();
        stdout.WriteLine(
            $"parallel data {outcome.Name} {(outcome.Created ? "created" : "updated")} from {outcome.S3Uri}: "
                + $"{outcome.Status}, "
                + $"{outcome.Imported} records imported, {outcome.Failed} failed, {outcome.Skipped} skipped "
                + $"({corpus.Pairs.Count} {o.Level} pairs sent)"
        );
        return CliApp.Ok;
    }

    public static int Terminology(TerminologyPublishOptions o, TextWriter stdout, TextWriter stderr)
    {
        if (!File.Exists(o.Glossary))
            throw AmtsException.Input($"--glossary {o.Glossary}: no such file");
        var terms = TranslatePublishing.ParseGlossary(SourceText.ReadFile(o.Glossary));
        if (terms.Count == 0)
            throw AmtsException.Input($"--glossary {o.Glossary}: no terms (expected lines \"译名，term\")");
        var csv = TranslatePublishing.TerminologyCsv(terms, o.SourceLanguage, o.TargetLanguage);
        if (o.Name.Contains(',', StringComparison.Ordinal))
            throw AmtsException.Input($"--name '{o.Name}': one terminology name, not a list");
        var r = Client(o)
            .ImportTerminologyAsync(
                new ImportTerminologyRequest(
                    o.Name,
                    "OVERWRITE",
                    new TerminologyData(System.Text.Encoding.UTF8.GetBytes(csv), "CSV"),
                    "The book's glossary, imported by amts"
                )
            )
            .GetAwaiter()
            .GetResult();
        stdout.WriteLine(
            $"terminology {r.TerminologyProperties.Name}: {r.TerminologyProperties.TermCount} terms imported from "
                + $"{o.Glossary}"
        );
        return CliApp.Ok;
    }
}
