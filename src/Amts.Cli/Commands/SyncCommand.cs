using Amts.Bot.Errors;
using Amts.Bot.Publishing.Action;
using Amts.Bot.Sync;
using Amts.Bot.Sync.Run;
using Amts.Bot.Translation;
using Amts.Bot.Translation.Engines;
using CommandLine;

namespace Amts.Cli.Commands;

[Verb("sync", HelpText = "Carry the English changes of a range into a human translation with the least disturbance.")]
internal sealed class SyncOptionsCli
{
    [Option("source", Required = true, HelpText = "The English repository (a git work tree).")]
    public string Source { get; set; } = "";

    [Option("target", Required = true, HelpText = "The translated repository's work tree, edited in place.")]
    public string Target { get; set; } = "";

    [Option("lang", Required = true, HelpText = "The translation's language, e.g. zh.")]
    public string Language { get; set; } = "";

    [Option("from", HelpText = "Start of the English range (default: the commit in the target's .amts/state.json).")]
    public string? From { get; set; }

    [Option("to", Default = "HEAD", HelpText = "End of the English range.")]
    public string To { get; set; } = "HEAD";

    [Option(
        "engine",
        Default = "memory",
        HelpText = "memory (the translation's own sentences), apertium (Debian's Apertium, e.g. en-es) or aws "
            + "(Amazon Translate: real time, or one batch job with --parallel-data)."
    )]
    public string Engine { get; set; } = "memory";

    [Option("commit", HelpText = "Commit the result on --branch and record the range in the state file.")]
    public bool Commit { get; set; }

    [Option("branch", HelpText = "Branch for --commit (default amts/sync-LANG).")]
    public string? Branch { get; set; }

    [Option(
        "allow-default-branch",
        HelpText = "Let --commit commit onto the target's default branch (--branch master); refused otherwise."
    )]
    public bool AllowDefaultBranch { get; set; }

    [Option(
        "force-range",
        HelpText = "Let --commit record a range that ends before the English commit the target's state records."
    )]
    public bool ForceRange { get; set; }

    [Option(
        "repo-url",
        HelpText = "Web address of the English repository, for the compare link (default: its origin remote, if on "
            + "GitHub)."
    )]
    public string? RepoUrl { get; set; }

    [Option("region", HelpText = "AWS region for --engine aws (default: AWS_REGION).")]
    public string? Region { get; set; }

    [Option(
        "parallel-data",
        HelpText = "Parallel data resource for --engine aws: translates in a batch job (Active Custom Translation)."
    )]
    public string? ParallelData { get; set; }

    [Option("bucket", HelpText = "S3 bucket for batch jobs (--engine aws with --parallel-data).")]
    public string? Bucket { get; set; }

    [Option(
        "prefix",
        Default = EngineSpec.DefaultJobPrefix,
        HelpText = "Folder in the bucket for batch jobs (leading and trailing slashes are ignored)."
    )]
    public string Prefix { get; set; } = EngineSpec.DefaultJobPrefix;

    [Option("role-arn", HelpText = "IAM role Amazon Translate assumes to read and write the bucket (batch jobs).")]
    public string? RoleArn { get; set; }

    [Option("poll-seconds", Default = 30.0, HelpText = "Batch job polling interval.")]
    public double PollSeconds { get; set; }

    [Option(
        "deadline-minutes",
        Default = 120.0,
        HelpText = "How long to wait for a batch job; then it is stopped and nothing is applied."
    )]
    public double DeadlineMinutes { get; set; }

    [Option("terminology", HelpText = "The custom terminology for --engine aws (one name).")]
    public string? Terminology { get; set; }

    [Option(
        "max-characters",
        Default = TranslationRun.DefaultMaxCharacters,
        HelpText = "Spending bound: a run that would send more characters to Amazon Translate sends nothing and "
            + "lists what needs translating."
    )]
    public long MaxCharacters { get; set; } = TranslationRun.DefaultMaxCharacters;

    [Option(
        "keep-job-files",
        HelpText = "Keep the batch job's S3 objects (input, output, details) instead of deleting them after the run."
    )]
    public bool KeepJobFiles { get; set; }

    [Option(
        "english-revisions",
        Separator = ',',
        HelpText = "More English revisions (git repositories or bundles, comma-separated; every branch and tag is "
            + "read, e.g. the English releases): where the base of a file without _origin.md or recorded sync is "
            + "looked for, besides the source's history."
    )]
    public IEnumerable<string> EnglishRevisions { get; set; } = [];

    [Option(
        "book-files",
        Separator = ',',
        HelpText = "Files at the top of the repository to sync although they are not book files (comma-separated, "
            + "e.g. README.md); by default only index.md and the chapters' folders are synced."
    )]
    public IEnumerable<string> BookFiles { get; set; } = [];

    [Option("report", HelpText = "Folder for report.json and pr.md.")]
    public string? Report { get; set; }
}

internal static class SyncCommand
{
    public static int Run(SyncOptionsCli o, TextWriter stdout, TextWriter stderr)
    {
        if (!Directory.Exists(o.Source))
            throw AmtsException.Input($"--source {o.Source}: no such folder");
        if (!Directory.Exists(o.Target))
            throw AmtsException.Input($"--target {o.Target}: no such folder");
        // The report folder is made before the sync, so an unwritable --report fails before the target is touched.
        var reportFolder = o.Report != null ? OutputFolder.Create("--report", o.Report) : null;
        var engine = EngineFactory.Create(Spec(o), stderr);
        // What the sync is asked to do, before anything is locked or written (issue 20).
        SyncChecks.Language(o.Language);
        SyncPreconditions.DistinctRepositories(o.Source, o.Target);
        SyncPreconditions.BookLanguage(o.Target, o.Language);
        if (o.Commit)
        {
            SyncPreconditions.NotDefaultBranch(o.Target, o.Branch ?? $"amts/sync-{o.Language}", o.AllowDefaultBranch);
            SyncPreconditions.NotBackwards(o.Source, o.Target, o.To, o.ForceRange);
        }
        using var revisions = EnglishRevisionSources.Open(o.EnglishRevisions.ToList(), "--english-revisions");
        var report = new SyncRunner(engine)
            .RunAsync(
                new SyncOptions
                {
                    Source = o.Source,
                    Target = o.Target,
                    Language = o.Language,
                    From = o.From,
                    To = o.To,
                    Commit = o.Commit,
                    Branch = o.Branch,
                    CompareUrlBase = o.RepoUrl,
                    EnglishRevisions = revisions.Repositories,
                    BookFiles = o.BookFiles.ToList(),
                },
                Interrupt.Token
            )
            .GetAwaiter()
            .GetResult();
        if (reportFolder != null)
        {
            reportFolder.Write("report.json", ReportFiles.Json([report], engine?.Usage));
            reportFolder.Write("pr.md", ReportFiles.PullRequestMarkdown(PullRequestText(report)));
        }
        stdout.WriteLine(Summary(report, o.Language, o.Report));
        return CliApp.Ok;
    }

    /// <summary>The one line a sync prints: the range, the counts, the engine characters, where the report
    /// is.</summary>
    internal static string Summary(SyncReport report, string language, string? reportFolder)
    {
        var t = report.Totals;
        return $"synced {report.From[..10]}..{report.To[..10]} into {language}: {t.Files} file(s), {t.Changes} "
            + $"change(s), {t.Reviews} for review, "
            + $"{t.MtChars} characters to the engine "
            + $"({(t.WholeFileChars > 0 ? 100.0 * t.MtChars / t.WholeFileChars : 0):F2} % of {t.WholeFileChars} "
            + "whole-file)"
            + (reportFolder != null ? $"; report in {Path.Combine(reportFolder, "report.json")}" : "");
    }

    /// <summary>The engine specification of the command line (the same record a language of .github/amts.yml maps
    /// to).</summary>
    public static EngineSpec Spec(SyncOptionsCli o) =>
        new()
        {
            Kind = o.Engine,
            Region = o.Region,
            ParallelData = o.ParallelData,
            Bucket = o.Bucket,
            Prefix = o.Prefix,
            RoleArn = o.RoleArn,
            Terminology = o.Terminology,
            PollInterval = TimeSpan.FromSeconds(o.PollSeconds),
            Deadline = TimeSpan.FromMinutes(o.DeadlineMinutes),
            MaxCharacters = o.MaxCharacters,
            KeepJobFiles = o.KeepJobFiles,
        };

    /// <summary>The pull request the action would open for this one sync, as the action renders it (no links to
    /// lines: there is no pull request yet).</summary>
    internal static PullRequestText PullRequestText(SyncReport report) =>
        PullRequestTextBuilder.Build(
            [report],
            [],
            [],
            (_, _) => null,
            int.MaxValue,
            QualityComment.EstimatedCost,
            null
        );
}
