using Amts.Bot.Errors;
using Amts.Bot.Translation.Aws;

namespace Amts.Bot.Translation.Engines;

/// <summary>
/// One engine specification, whatever it comes from: the <c>amts sync</c> flags and a language of
/// <c>.github/amts.yml</c> map to this same record, and <see cref="EngineFactory"/> makes the engine from it.
/// </summary>
internal sealed record EngineSpec
{
    public string Kind { get; init; } = "memory";
    public string? Region { get; init; }
    public string? ParallelData { get; init; }
    public string? Bucket { get; init; }
    public string? Prefix { get; init; }
    public string? RoleArn { get; init; }
    public string? Terminology { get; init; }
    public TimeSpan PollInterval { get; init; } = BatchSettings.DefaultPollInterval;
    public TimeSpan Deadline { get; init; } = BatchSettings.DefaultDeadline;
    public long MaxCharacters { get; init; } = TranslationRun.DefaultMaxCharacters;
    public bool KeepJobFiles { get; init; }

    public const string DefaultJobPrefix = "amts/jobs";
    public static readonly string[] Kinds = ["memory", "apertium", "aws"];

    /// <summary>Everything wrong with the specification, as a user error naming the option.</summary>
    public void Validate()
    {
        if (!Kinds.Contains(Kind))
            throw AmtsException.Input($"unknown engine '{Kind}'", "use memory, apertium or aws");
        if (Terminology is { } t && t.Contains(','))
            throw AmtsException.Input(
                $"--terminology '{t}': one terminology name, not a list",
                "Amazon Translate applies at most one custom terminology per request; merge the glossaries into one"
            );
        if (MaxCharacters <= 0)
            throw AmtsException.Input($"--max-characters {MaxCharacters}: must be positive");
        if (Kind != "aws" || ParallelData == null)
            return;
        if (Bucket == null || RoleArn == null)
            throw AmtsException.Input(
                "--parallel-data needs --bucket and --role-arn (batch jobs read and write S3 through that role)"
            );
        if (!AwsErrors.IsRoleArn(RoleArn))
            throw AmtsException.Input(
                $"--role-arn '{RoleArn}' is not an IAM role ARN",
                "give it as arn:aws:iam::ACCOUNT:role/NAME"
            );
    }
}

/// <summary>Makes the engine of a specification. The memory engine is a real entry: an empty memory that the sync
/// fills with the book's own human sentence pairs (<see cref="TranslationMemory.FromBook"/>).</summary>
internal static class EngineFactory
{
    public static ITranslationEngine Create(EngineSpec spec, TextWriter? log = null)
    {
        spec.Validate();
        switch (spec.Kind)
        {
            case "memory":
                return TranslationMemory.ForBook();
            case "apertium":
                return new ApertiumEngine();
        }
        var endpoint = AwsEndpoint.ForTranslate(spec.Region);
        var client = new TranslateClient(
            new HttpClient { Timeout = TimeSpan.FromSeconds(60) },
            endpoint,
            TranslateClient.DefaultCredentials()
        );
        if (spec.ParallelData == null)
            return new AmazonTranslateEngine(client, spec.Terminology, spec.MaxCharacters, log);
        var s3 = S3Store.Create(endpoint.Region);
        return new AmazonTranslateBatchEngine(
            client,
            s3,
            new BatchSettings(
                new S3Location(spec.Bucket!, S3Prefix.Normalize(spec.Prefix ?? EngineSpec.DefaultJobPrefix)),
                spec.RoleArn!,
                spec.ParallelData,
                spec.Terminology,
                spec.PollInterval,
                spec.Deadline,
                spec.KeepJobFiles,
                spec.MaxCharacters
            ),
            log
        );
    }
}
