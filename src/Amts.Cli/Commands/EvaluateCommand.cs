using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Amts.Bot.Alignment;
using Amts.Bot.Errors;
using Amts.Bot.Evaluation;
using Amts.Bot.Infrastructure;
using Amts.Bot.Languages;
using Amts.Bot.Translation;
using Amts.Bot.Translation.Aws;
using Amts.Bot.Translation.Engines;
using CommandLine;

namespace Amts.Cli.Commands;

[Verb(
    "evaluate",
    HelpText = "The AMTS study: BLEU and chrF of Amazon Translate (and offline engines) on d2l articles, without and "
        + "with parallel data, both directions."
)]
internal sealed class EvaluateOptions
{
    [Option("source", Required = true, HelpText = "The English book: PATH or PATH@REV.")]
    public string Source { get; set; } = "";

    [Option("target", Required = true, HelpText = "The translation: PATH or PATH@REV.")]
    public string Target { get; set; } = "";

    [Option("lang", Required = true, HelpText = "The translation's language, e.g. zh.")]
    public string Language { get; set; } = "";

    [Option("articles", Separator = ',', HelpText = "File names of the articles (default: the five of the study).")]
    public IEnumerable<string> Articles { get; set; } = [];

    [Option("directions", Separator = ',', HelpText = "en-x, x-en or both (default).")]
    public IEnumerable<string> Directions { get; set; } = [];

    [Option(
        "systems",
        Separator = ',',
        HelpText = "realtime (no parallel data), paragraphs, sentences (parallel data of that level), apertium, "
            + "memory. Default: realtime,paragraphs,sentences."
    )]
    public IEnumerable<string> Systems { get; set; } = [];

    [Option(
        "name",
        Default = "amts-study",
        HelpText = "Prefix of the parallel data resources: NAME-en-zh-sentences, NAME-zh-en-paragraphs…"
    )]
    public string Name { get; set; } = "amts-study";

    [Option(
        "bucket",
        HelpText = "S3 bucket for the parallel data files and the batch jobs (needed by paragraphs and sentences)."
    )]
    public string? Bucket { get; set; }

    [Option("prefix", Default = "amts/study", HelpText = "Folder in the bucket.")]
    public string Prefix { get; set; } = "amts/study";

    [Option("role-arn", HelpText = "The IAM role Amazon Translate assumes to read and write the bucket (batch jobs).")]
    public string? RoleArn { get; set; }

    [Option("region", HelpText = "AWS region (default: AWS_REGION).")]
    public string? Region { get; set; }

    [Option("out", Required = true, HelpText = "Folder for evaluation.md and evaluation.json.")]
    public string Out { get; set; } = "";

    [Option("dry-run", HelpText = "Print the cost estimate and stop.")]
    public bool DryRun { get; set; }

    [Option("poll-seconds", Default = 30.0, HelpText = "Polling interval of parallel data imports and batch jobs.")]
    public double PollSeconds { get; set; }

    [Option(
        "deadline-minutes",
        Default = 120.0,
        HelpText = "How long to wait for each batch job (and each parallel data import) before stopping it."
    )]
    public double DeadlineMinutes { get; set; }
}

internal static class EvaluateCommand
{
    static readonly string[] KnownSystems = ["realtime", "paragraphs", "sentences", "apertium", "memory"];

    public static int Run(EvaluateOptions o, TextWriter stdout, TextWriter stderr)
    {
        var clock = Stopwatch.StartNew();
        var profile = LanguageProfile.Require(o.Language, "evaluate --lang");
        var lang = profile.Code;
        var systems = o.Systems.Any()
            ? o.Systems.Select(s => s.Trim().ToLowerInvariant()).Distinct().ToList()
            : ["realtime", "paragraphs", "sentences"];
        foreach (var s in systems)
            if (!KnownSystems.Contains(s))
                throw AmtsException.Input(
                    $"evaluate: unknown system '{s}'",
                    $"choose among {string.Join(", ", KnownSystems)}"
                );
        if (systems.Contains("apertium") && profile.ApertiumCode == null)
            throw AmtsException.Input(
                $"evaluate: apertium has no English pair for {profile.Name} ({lang})",
                "leave apertium out of --systems"
            );
        var directions = o.Directions.Any()
            ? o.Directions.Select(d => d.Trim().ToLowerInvariant()).ToList()
            : ["en-x", "x-en"];
        foreach (var d in directions)
            if (d is not ("en-x" or "x-en"))
                throw AmtsException.Input($"evaluate: unknown direction '{d}'", "use en-x, x-en or both");
        bool custom = systems.Contains("paragraphs") || systems.Contains("sentences");
        // A dry run only prices the study: it needs no bucket nor role (issue 20).
        if (custom && !o.DryRun && (o.Bucket == null || o.RoleArn == null))
            throw AmtsException.Input(
                "evaluate: the paragraphs and sentences systems need --bucket and --role-arn",
                "Active Custom Translation runs only as batch jobs, which read and write S3 through that role"
            );

        Book source,
            target;
        try
        {
            source = BookReader.Load(o.Source, "en");
            target = BookReader.Load(o.Target, lang);
        }
        catch (Exception e)
            when (e is DirectoryNotFoundException or GitException or Amts.Bot.Markdown.MarkdownInputException)
        {
            throw AmtsException.Input(
                "evaluate: " + e.Message,
                "give a book folder or PATH@REV of a git repository",
                e
            );
        }
        var book = BookAligner.Align(source, target);
        var articles = Study.FindArticles(book, o.Articles.Any() ? o.Articles : Study.DefaultArticles, lang);
        foreach (var a in articles)
            if (a.Pairs.Count == 0)
                throw AmtsException.Input(
                    $"evaluate: {a.File.Files.TargetPath} has no aligned sentence pair to test",
                    "choose another article"
                );

        // The cost, before anything is spent: each direction sends every test sentence once per Amazon system.
        long chars = directions.Sum(d =>
            articles.Sum(a => a.Pairs.Sum(p => (long)(d == "en-x" ? p.English : p.Translation).Length))
        );
        int realTime = systems.Count(s => s == "realtime"),
            withData = systems.Count(s => s is "paragraphs" or "sentences");
        decimal cost =
            chars * (realTime * Study.RealTimePricePerMillion + withData * Study.CustomPricePerMillion) / 1_000_000m;
        stdout.WriteLine(
            $"evaluate {lang}: {articles.Count} article(s), {articles.Sum(a => a.Pairs.Count)} test sentence pairs, "
                + $"directions {string.Join(" ", directions)}, systems {string.Join(" ", systems)}"
        );
        stdout.WriteLine(
            $"cost estimate: {chars:N0} characters per system × ({realTime} real time × "
                + $"${Study.RealTimePricePerMillion}/M + {withData} with parallel data × "
                + $"${Study.CustomPricePerMillion}/M) = ${cost:F2} at list prices"
                + (custom ? " (plus the parallel data's storage; batch jobs bill whole documents)" : "")
        );
        if (o.DryRun)
            return CliApp.Ok;

        var exclude = Study.Excluding(articles);
        TranslateClient? client = null;
        S3Store? s3 = null;
        if (systems.Any(s => s is "realtime" or "paragraphs" or "sentences"))
        {
            AwsEndpoint endpoint;
            try
            {
                endpoint = AwsEndpoint.ForTranslate(o.Region);
            }
            catch (InvalidOperationException e)
            {
                throw AmtsException.Input("evaluate: " + e.Message, "set --region or AWS_REGION");
            }
            client = new TranslateClient(
                new HttpClient { Timeout = TimeSpan.FromSeconds(60) },
                endpoint,
                TranslateClient.DefaultCredentials()
            );
            if (custom)
                s3 = S3Store.Create(endpoint.Region);
        }
        var poll = TimeSpan.FromSeconds(o.PollSeconds);
        var deadline = TimeSpan.FromMinutes(o.DeadlineMinutes);

        var md = new StringBuilder($"# Translation quality on d2l articles: {profile.Name}\n\n");
        using var json = new MemoryStream();
        using (
            var w = new Utf8JsonWriter(
                json,
                new JsonWriterOptions
                {
                    Indented = true,
                    Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                }
            )
        )
        {
            w.WriteStartObject();
            w.WriteString("language", lang);
            w.WriteNumber("characters", chars);
            w.WriteNumber("estimatedCostUsd", cost);
            w.WriteStartArray("excludedFromParallelData");
            foreach (var a in articles)
                w.WriteStringValue(a.File.Files.TargetPath);
            w.WriteEndArray();
            w.WriteStartArray("directions");
            foreach (var direction in directions)
            {
                var (from, to) = direction == "en-x" ? ("en", lang) : (lang, "en");
                var toProfile = LanguageProfile.For(to);
                var outputs = articles.Select(_ => new List<SystemOutput>()).ToList();
                var notes = new List<string>();
                foreach (var system in systems)
                {
                    var engine = Engine(
                        system,
                        from,
                        to,
                        book,
                        exclude,
                        client,
                        s3,
                        o,
                        poll,
                        deadline,
                        stdout,
                        notes,
                        lang
                    );
                    if (engine == null)
                        continue;
                    // One call (one batch job) per system and direction for all the articles' sentences.
                    var all = Translate(
                        engine,
                        articles
                            .SelectMany(a => a.Pairs.Select(p => direction == "en-x" ? p.English : p.Translation))
                            .ToList(),
                        from,
                        to,
                        system
                    );
                    for (int k = 0, offset = 0; k < articles.Count; offset += articles[k].Pairs.Count, k++)
                    {
                        var segments = articles[k]
                            .Pairs.Select(p => direction == "en-x" ? p.English : p.Translation)
                            .ToList();
                        var results = all.Skip(offset).Take(segments.Count).ToList();
                        if (system == "memory")
                        {
                            notes.Add(
                                $"memory: found {results.Count(r => r.Text != null)} of {segments.Count} sentences "
                                    + $"of {articles[k].Name} (it does not translate: no figure)"
                            );
                            continue;
                        }
                        outputs[k].Add(new SystemOutput(system, results.Select(r => r.Text ?? "").ToList()));
                    }
                }
                md.Append($"## {from}→{to}\n\n");
                w.WriteStartObject();
                w.WriteString("direction", $"{from}-{to}");
                if (outputs[0].Count > 0)
                {
                    var report = EvaluationTable.ScoreFor(
                        articles
                            .Select(
                                (a, k) =>
                                    new ArticleOutputs(
                                        a.Name,
                                        a.Pairs.Select(p => direction == "en-x" ? p.Translation : p.English).ToList(),
                                        outputs[k]
                                    )
                            )
                            .ToList(),
                        toProfile
                    );
                    md.Append(EvaluationTable.RenderMarkdown(report)).Append('\n');
                    w.WritePropertyName("scores");
                    EvaluationTable.WriteJson(w, report);
                }
                foreach (var n in notes)
                    md.Append("- ").Append(n).Append('\n');
                if (notes.Count > 0)
                    md.Append('\n');
                w.WriteStartArray("notes");
                foreach (var n in notes)
                    w.WriteStringValue(n);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        md.Append(
            $"The evaluated articles ({string.Join(", ", articles.Select(a => a.File.Files.TargetPath))}) are "
                + "excluded from every parallel data resource. "
                + $"Estimated cost: ${cost:F2} ({chars:N0} characters per system).\n"
        );
        Directory.CreateDirectory(o.Out);
        AtomicFile.Write(Path.Combine(o.Out, "evaluation.md"), md.ToString());
        AtomicFile.Write(Path.Combine(o.Out, "evaluation.json"), Encoding.UTF8.GetString(json.ToArray()) + "\n");
        stdout.Write(md.ToString());
        stdout.WriteLine(
            $"written {Path.Combine(o.Out, "evaluation.md")} and evaluation.json in {clock.Elapsed.TotalSeconds:F1} s"
        );
        return CliApp.Ok;
    }

    static IReadOnlyList<TranslationResult> Translate(
        ITranslationEngine engine,
        List<string> segments,
        string from,
        string to,
        string system
    )
    {
        try
        {
            return engine.TranslateAsync(segments, from, to).GetAwaiter().GetResult();
        }
        catch (Exception e)
            when (e
                    is AmazonTranslateException
                        or TimeoutException
                        or InvalidOperationException
                        or HttpRequestException
                        or Amazon.Runtime.AmazonServiceException
            )
        {
            throw AmtsException.Service(
                $"evaluate: {system} {from}→{to}: {e.Message}",
                "check the credentials, the region and the bucket; rerun (published parallel data is reused)",
                e
            );
        }
    }

    /// <summary>The engine of a system for a direction; publishes the system's parallel data first (without the
    /// evaluated articles).</summary>
    static ITranslationEngine? Engine(
        string system,
        string from,
        string to,
        BookAlignment book,
        MiningOptions exclude,
        TranslateClient? client,
        S3Store? s3,
        EvaluateOptions o,
        TimeSpan poll,
        TimeSpan deadline,
        TextWriter stdout,
        List<string> notes,
        string lang
    )
    {
        switch (system)
        {
            case "realtime":
                return new AmazonTranslateEngine(client!);
            case "apertium":
                return new ApertiumEngine();
            case "memory":
            {
                var corpus = ParallelData.Mine(book, PairLevel.Sentence, "en", lang, exclude);
                var pairs =
                    from == "en"
                        ? corpus.Pairs.Select(p => (p.Source, p.Target))
                        : corpus.Pairs.Select(p => (p.Target, p.Source));
                return new TranslationMemory(pairs);
            }
            default:
            {
                var level = system == "sentences" ? PairLevel.Sentence : PairLevel.Paragraph;
                var corpus = ParallelData.Mine(book, level, "en", lang, exclude);
                if (from != "en")
                    corpus = Study.Reverse(corpus);
                var name = $"{o.Name}-{from}-{to}-{system}";
                ParallelDataOutcome outcome;
                try
                {
                    outcome = TranslatePublishing
                        .PublishParallelDataAsync(
                            client!,
                            s3!,
                            corpus,
                            name,
                            new S3Location(o.Bucket!, o.Prefix + "/parallel-data"),
                            "tmx",
                            poll,
                            deadline
                        )
                        .GetAwaiter()
                        .GetResult();
                }
                catch (Exception e)
                    when (e
                            is AmazonTranslateException
                                or TimeoutException
                                or InvalidOperationException
                                or HttpRequestException
                                or Amazon.Runtime.AmazonServiceException
                    )
                {
                    throw AmtsException.Service(
                        $"evaluate: publishing parallel data {name}: {e.Message}",
                        "check the bucket, the role and the region; rerun",
                        e
                    );
                }
                stdout.WriteLine(
                    $"parallel data {name}: {outcome.Status}, {outcome.Imported} records imported "
                        + $"({corpus.Pairs.Count} {system} pairs, evaluated articles excluded)"
                );
                notes.Add($"{system}: parallel data `{name}`, {corpus.Pairs.Count} pairs");
                return new AmazonTranslateBatchEngine(
                    client!,
                    s3!,
                    new BatchSettings(
                        new S3Location(o.Bucket!, o.Prefix + "/jobs"),
                        o.RoleArn!,
                        name,
                        null,
                        poll,
                        deadline
                    )
                );
            }
        }
    }
}
