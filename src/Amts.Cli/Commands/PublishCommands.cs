using Amts.Bot.Alignment;
using Amts.Bot.Markdown;
using Amts.Bot.Publishing;
using Amts.Bot.Translation.Aws;
using CommandLine;

namespace Amts.Cli.Commands;

public abstract class AwsOptions
{
    [Option("region", HelpText = "AWS region (default: AWS_REGION).")]
    public string? Region { get; set; }
}

[Verb("publish", HelpText = "Mine parallel data from the human translation, upload it to S3, create or update the resource, wait until ACTIVE.")]
public sealed class ParallelDataPublishOptions : AwsOptions
{
    [Option("source", Required = true, HelpText = "The English book: PATH or PATH@REV.")]
    public string Source { get; set; } = "";

    [Option("target", Required = true, HelpText = "The translation: PATH or PATH@REV.")]
    public string Target { get; set; } = "";

    [Option("target-lang", Required = true)]
    public string TargetLanguage { get; set; } = "";

    [Option("name", Required = true, HelpText = "The parallel data resource.")]
    public string Name { get; set; } = "";

    [Option("bucket", Required = true)]
    public string Bucket { get; set; } = "";

    [Option("prefix", Default = "amts/parallel-data", HelpText = "Folder in the bucket (leading and trailing slashes are ignored; / is the bucket root).")]
    public string Prefix { get; set; } = "amts/parallel-data";

    [Option("level", Default = "sentence", HelpText = "sentence (better, per the AMTS experiments) or paragraph.")]
    public string Level { get; set; } = "sentence";

    [Option("format", Default = "tmx", HelpText = "csv, tsv or tmx.")]
    public string Format { get; set; } = "tmx";

    [Option("poll-seconds", Default = 30.0)]
    public double PollSeconds { get; set; }

    [Option("deadline-minutes", Default = 60.0)]
    public double DeadlineMinutes { get; set; }
}

[Verb("publish", HelpText = "Import the book's glossary (d2l's TERMINOLOGY.md) as Amazon Translate custom terminology.")]
public sealed class TerminologyPublishOptions : AwsOptions
{
    [Option("glossary", Required = true, HelpText = "TERMINOLOGY.md of the translation.")]
    public string Glossary { get; set; } = "";

    [Option("name", Required = true)]
    public string Name { get; set; } = "";

    [Option("source-lang", Default = "en")]
    public string SourceLanguage { get; set; } = "en";

    [Option("target-lang", Required = true)]
    public string TargetLanguage { get; set; } = "";
}

public static class PublishCommands
{
    static TranslateClient Client(AwsOptions o) =>
        new(new HttpClient { Timeout = TimeSpan.FromSeconds(60) }, AwsEndpoint.ForTranslate(o.Region), TranslateClient.DefaultCredentials());

    public static int ParallelData(ParallelDataPublishOptions o, TextWriter stdout, TextWriter stderr)
    {
        var level = o.Level switch { "sentence" => PairLevel.Sentence, "paragraph" => PairLevel.Paragraph, _ => throw new UserFacingException($"parallel-data: unknown level '{o.Level}'") };
        var client = Client(o);
        BookAlignment book;
        try { book = BookAligner.Align(BookReader.Load(o.Source, "en"), BookReader.Load(o.Target, o.TargetLanguage)); }
        catch (DirectoryNotFoundException e) { throw new UserFacingException("parallel-data publish: " + e.Message, e); }
        var corpus = Amts.Bot.Alignment.ParallelData.Mine(book, level, "en", o.TargetLanguage);
        var region = AwsEndpoint.ForTranslate(o.Region).Region;
        var outcome = TranslatePublishing.PublishParallelDataAsync(client, S3Store.Create(region), corpus, o.Name, new S3Location(o.Bucket, S3Prefix.Normalize(o.Prefix)), o.Format,
            TimeSpan.FromSeconds(o.PollSeconds), TimeSpan.FromMinutes(o.DeadlineMinutes)).GetAwaiter().GetResult();
        stdout.WriteLine($"parallel data {outcome.Name} {(outcome.Created ? "created" : "updated")} from {outcome.S3Uri}: {outcome.Status}, " +
                         $"{outcome.Imported} records imported, {outcome.Failed} failed, {outcome.Skipped} skipped ({corpus.Pairs.Count} {o.Level} pairs sent)");
        return CliApp.Ok;
    }

    public static int Terminology(TerminologyPublishOptions o, TextWriter stdout, TextWriter stderr)
    {
        if (!File.Exists(o.Glossary)) throw new UserFacingException($"terminology publish: {o.Glossary}: no such file");
        var terms = TranslatePublishing.ParseGlossary(SourceText.ReadFile(o.Glossary));
        if (terms.Count == 0) throw new UserFacingException($"terminology publish: {o.Glossary}: no terms (expected lines \"译名，term\")");
        var csv = TranslatePublishing.TerminologyCsv(terms, o.SourceLanguage, o.TargetLanguage);
        if (o.Name.Contains(',')) throw new UserFacingException($"terminology publish: --name '{o.Name}': one terminology name, not a list");
        var r = Client(o).ImportTerminologyAsync(new ImportTerminologyRequest(o.Name, "OVERWRITE",
            new TerminologyData(System.Text.Encoding.UTF8.GetBytes(csv), "CSV"), "The book's glossary, imported by amts")).GetAwaiter().GetResult();
        stdout.WriteLine($"terminology {r.TerminologyProperties.Name}: {r.TerminologyProperties.TermCount} terms imported from {o.Glossary}");
        return CliApp.Ok;
    }
}
