using System.Text.RegularExpressions;
using Amts.Bot.Translation.Engines;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Amts.Bot.Publishing;

internal sealed record AwsLanguageSettings(
    string? Region,
    string? Bucket,
    string? Prefix,
    string? RoleArn,
    string? ParallelData,
    string? Terminology,
    long? MaxCharacters = null
)
{
    /// <summary>aws.wait_minutes: how long a run waits for its batch job before the language ends pending.</summary>
    public double? WaitMinutes { get; init; }
}

internal sealed record LanguageConfig(
    string Code,
    string Repository,
    string? Branch,
    string Engine,
    AwsLanguageSettings? Aws,
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> Reviewers,
    bool OptOut
)
{
    /// <summary>The engine this language's entry asks for, as the one specification the engines are made from (the
    /// configuration knows the engines; the engines know nothing of the configuration).</summary>
    public EngineSpec EngineSpec() =>
        new()
        {
            Kind = Engine,
            Region = Aws?.Region,
            ParallelData = Aws?.ParallelData,
            Bucket = Aws?.Bucket,
            Prefix = Aws?.Prefix ?? $"amts/{Code}",
            RoleArn = Aws?.RoleArn,
            Terminology = Aws?.Terminology,
            MaxCharacters = Aws?.MaxCharacters ?? Translation.TranslationRun.DefaultMaxCharacters,
        };

    /// <summary>The entry names its engine (else <see cref="Engine"/> is the default, memory, and a translation's
    /// d2lbook
    /// <c>translator</c> may choose it: <see cref="BookConfigAdoption.Apply"/>).</summary>
    public bool EngineGiven { get; init; }

    /// <summary>What is wrong with this language's own entry (each also a <see cref="ConfigError"/> with its line and
    /// column): the language is not run and fails with these, while the other languages run.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>A sync needing more review items than this is published as a series, one pull request per chapter
    /// (<see cref="Action.Series"/>). 300: the 30-commit replay of d2l-en onto d2l-zh needs far fewer and stays one
    /// pull request; the v1.0 catch-up needs thousands, which nobody reviews in one page.</summary>
    public int SeriesThreshold { get; init; } = DefaultSeriesThreshold;
    public const int DefaultSeriesThreshold = 300;

    /// <summary>The <c>reopen_tracking_issue:</c> key: a series' tracking issue a maintainer closed by hand while the
    /// series is under way is reopened by the next run (default false: the close is respected, one comment says
    /// so).</summary>
    public bool ReopenTrackingIssue { get; init; }

    /// <summary>Where the translation's first sync starts when it has no state (an English commit or tag; the
    /// <c>from:</c> key). The dispatch's <c>from</c> input wins over it.</summary>
    public string? From { get; init; }

    /// <summary>Top-level files synced although they are not book files (the <c>book_files:</c> list, e.g. README.md);
    /// by default a translation's README.md, INFO.md, ... are its own and left alone.</summary>
    public IReadOnlyList<string> BookFiles { get; init; } = [];
}

internal sealed record ActionConfig(IReadOnlyList<LanguageConfig> Languages);

internal sealed record ConfigError(string Path, int Line, int Column, string Message)
{
    public override string ToString() => $"{Path}:{Line}:{Column}: {Message}";
}

/// <summary>
/// The action's configuration in the English repository (<c>.github/amts.yml</c>): the languages, each with its
/// repository, branch, engine and engine settings, labels, reviewers and opt-out. Every problem is reported with its
/// line and column, all at once, so a maintainer fixes the file in one go.
/// </summary>
internal static partial class ActionConfigReader
{
    static readonly string[] Engines = ["memory", "apertium", "aws"];
    static readonly HashSet<string> LanguageKeys =
    [
        "code",
        "repository",
        "branch",
        "engine",
        "aws",
        "labels",
        "reviewers",
        "opt_out",
        "series_threshold",
        "from",
        "book_files",
        "reopen_tracking_issue",
    ];
    static readonly HashSet<string> AwsKeys =
    [
        "region",
        "bucket",
        "prefix",
        "role_arn",
        "parallel_data",
        "terminology",
        "max_characters",
        "wait_minutes",
    ];

    [GeneratedRegex(@"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]
    private static partial Regex LanguageCode();

    [GeneratedRegex(@"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")]
    private static partial Regex RepositoryName();

    public static (ActionConfig? Config, IReadOnlyList<ConfigError> Errors) Parse(string yaml, string path)
    {
        var errors = new List<ConfigError>();
        void Error(YamlNode? at, string message) =>
            errors.Add(
                new ConfigError(
                    path,
                    at == null ? 1 : (int)at.Start.Line,
                    at == null ? 1 : (int)at.Start.Column,
                    message
                )
            );
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            errors.Add(
                new ConfigError(
                    path,
                    (int)e.Start.Line,
                    (int)e.Start.Column,
                    "not valid YAML: " + (e.InnerException?.Message ?? e.Message)
                )
            );
            return (null, errors);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error(
                stream.Documents.FirstOrDefault()?.RootNode,
                "the configuration must be a mapping with a 'languages' list"
            );
            return (null, errors);
        }
        foreach (var key in root.Children.Keys.OfType<YamlScalarNode>().Where(k => k.Value != "languages"))
            Error(key, $"unknown key '{key.Value}' (expected 'languages')");
        if (
            !root.Children.TryGetValue(new YamlScalarNode("languages"), out var languagesNode)
            || languagesNode is not YamlSequenceNode languages
        )
        {
            Error(root, "'languages' is missing or is not a list");
            return (null, errors);
        }
        var result = new List<LanguageConfig>();
        int languageErrors = 0;
        var seen = new Dictionary<string, YamlNode>();
        foreach (var item in languages)
        {
            if (item is not YamlMappingNode m)
            {
                Error(item, "each language must be a mapping (code, repository, …)");
                continue;
            }
            int errorsBefore = errors.Count;
            foreach (
                var key in m.Children.Keys.OfType<YamlScalarNode>().Where(k => !LanguageKeys.Contains(k.Value ?? ""))
            )
                Error(key, $"unknown key '{key.Value}' (expected one of {string.Join(", ", LanguageKeys)})");
            var code = Scalar(m, "code", Error, required: true);
            var codeNode = Node(m, "code");
            if (code != null && !LanguageCode().IsMatch(code))
                Error(codeNode, $"'{code}' is not a language code such as zh, pt or pt-BR");
            if (code != null && !seen.TryAdd(code, codeNode!))
                Error(codeNode, $"language '{code}' is configured twice (first at line {seen[code].Start.Line})");
            var repository = Scalar(m, "repository", Error, required: true);
            if (repository != null && !RepositoryName().IsMatch(repository))
                Error(Node(m, "repository"), $"'{repository}' is not a repository owner/name");
            var engine = Scalar(m, "engine", Error) ?? "memory";
            if (!Engines.Contains(engine))
                Error(Node(m, "engine"), $"unknown engine '{engine}' (memory, apertium or aws)");
            AwsLanguageSettings? aws = null;
            if (Node(m, "aws") is { } awsNode)
            {
                if (awsNode is not YamlMappingNode a)
                    Error(awsNode, "'aws' must be a mapping");
                else
                {
                    foreach (
                        var key in a.Children.Keys.OfType<YamlScalarNode>().Where(k => !AwsKeys.Contains(k.Value ?? ""))
                    )
                        Error(
                            key,
                            $"unknown key '{key.Value}' under aws (expected one of {string.Join(", ", AwsKeys)})"
                        );
                    aws = new AwsLanguageSettings(
                        Scalar(a, "region", Error),
                        Scalar(a, "bucket", Error),
                        Scalar(a, "prefix", Error),
                        Scalar(a, "role_arn", Error),
                        Scalar(a, "parallel_data", Error),
                        Scalar(a, "terminology", Error)
                    );
                    if (Scalar(a, "max_characters", Error) is { } cap)
                    {
                        if (
                            long.TryParse(
                                cap.Replace("_", ""),
                                System.Globalization.NumberStyles.None,
                                System.Globalization.CultureInfo.InvariantCulture,
                                out var n
                            )
                            && n > 0
                        )
                            aws = aws with { MaxCharacters = n };
                        else
                            Error(
                                Node(a, "max_characters"),
                                $"aws.max_characters must be a positive whole number of characters, not '{cap}'"
                            );
                    }
                    if (Scalar(a, "wait_minutes", Error) is { } wait)
                    {
                        if (
                            double.TryParse(
                                wait,
                                System.Globalization.NumberStyles.AllowDecimalPoint,
                                System.Globalization.CultureInfo.InvariantCulture,
                                out var w
                            )
                            && w > 0
                        )
                            aws = aws with { WaitMinutes = w };
                        else
                            Error(
                                Node(a, "wait_minutes"),
                                $"aws.wait_minutes must be a positive number of minutes, not '{wait}'"
                            );
                    }
                    if (aws.Terminology is { } terms && terms.Contains(','))
                        Error(
                            Node(a, "terminology"),
                            "aws.terminology takes one terminology name (Amazon Translate applies at most one per "
                                + "request)"
                        );
                    if (aws.ParallelData != null && (aws.Bucket == null || aws.RoleArn == null))
                        Error(
                            awsNode,
                            "aws.parallel_data needs aws.bucket and aws.role_arn (batch jobs read and write S3 "
                                + "through that role)"
                        );
                }
            }
            if (engine == "aws" && aws == null)
                Error(Node(m, "engine"), "engine aws needs an 'aws' section (at least the region)");
            // Checked here, not when the language's turn comes: a run must not fail half-way on a missing setting.
            if (engine == "aws" && aws is { Region: null })
                Error(Node(m, "aws"), "engine aws needs aws.region (e.g. us-west-2)");
            var optOutText = Scalar(m, "opt_out", Error);
            bool optOut = false;
            if (optOutText != null && !bool.TryParse(optOutText, out optOut))
                Error(Node(m, "opt_out"), $"opt_out must be true or false, not '{optOutText}'");
            var reopenText = Scalar(m, "reopen_tracking_issue", Error);
            bool reopen = false;
            if (reopenText != null && !bool.TryParse(reopenText, out reopen))
                Error(
                    Node(m, "reopen_tracking_issue"),
                    $"reopen_tracking_issue must be true or false, not '{reopenText}'"
                );
            int seriesThreshold = LanguageConfig.DefaultSeriesThreshold;
            var thresholdText = Scalar(m, "series_threshold", Error);
            if (
                thresholdText != null
                && (
                    !int.TryParse(
                        thresholdText,
                        System.Globalization.NumberStyles.None,
                        System.Globalization.CultureInfo.InvariantCulture,
                        out seriesThreshold
                    )
                    || seriesThreshold < 1
                )
            )
                Error(
                    Node(m, "series_threshold"),
                    $"series_threshold must be a whole number of review items of at least 1, not '{thresholdText}'"
                );
            // Every field is read (and checked) even when the entry is already known to be wrong: all errors at once.
            var branch = Scalar(m, "branch", Error);
            var from = Scalar(m, "from", Error);
            var bookFiles = List(m, "book_files", Error);
            var labels = List(m, "labels", Error);
            var reviewers = List(m, "reviewers", Error);
            if (code != null && repository != null)
            {
                // An entry whose code and repository are known fails alone: its errors stay with it (and are reported
                // with their line and column), the other languages still run.
                var own = errors.Skip(errorsBefore).Select(e => e.ToString()).ToList();
                result.Add(
                    new LanguageConfig(code, repository, branch, engine, aws, labels, reviewers, optOut)
                    {
                        Problems = own,
                        SeriesThreshold = seriesThreshold,
                        ReopenTrackingIssue = reopen,
                        EngineGiven = Node(m, "engine") != null,
                        From = from,
                        BookFiles = bookFiles,
                    }
                );
                languageErrors += own.Count;
            }
        }
        // Errors outside a language entry that can be named (the file's shape, an entry without code or repository)
        // leave no configuration to run.
        return errors.Count == languageErrors ? (new ActionConfig(result), errors) : (null, errors);
    }

    static YamlNode? Node(YamlMappingNode m, string key) =>
        m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    static string? Scalar(YamlMappingNode m, string key, Action<YamlNode?, string> error, bool required = false)
    {
        var node = Node(m, key);
        if (node == null)
        {
            if (required)
                error(m, $"'{key}' is required");
            return null;
        }
        if (node is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value))
            return s.Value!.Trim();
        error(node, $"'{key}' must be a non-empty text value");
        return null;
    }

    static IReadOnlyList<string> List(YamlMappingNode m, string key, Action<YamlNode?, string> error)
    {
        var node = Node(m, key);
        if (node == null)
            return [];
        if (node is YamlSequenceNode seq && seq.All(x => x is YamlScalarNode))
            return seq.Cast<YamlScalarNode>().Select(x => x.Value ?? "").Where(v => v.Length > 0).ToList();
        error(node, $"'{key}' must be a list of names");
        return [];
    }
}
