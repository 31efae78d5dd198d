using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amts.Bot.Errors;

namespace Amts.Bot.Translation.Aws;

/// <summary>A finished batch job whose output is still wanted: the segments it translated are taken from it.</summary>
internal sealed record FinishedBatchJob(string JobName, string JobId, string S3Prefix, string Digest);

/// <summary>
/// The batch job a language waits for, as the sync branch records it (<see cref="RelativePath"/>, beside the sync
/// state and apart from it): its name and id (the id is null between the reservation and the start), the English
/// range it was planned for, the digest of the segments sent (<see cref="Digest"/>; it decides whether the output
/// fits a plan), where its files are in S3, when it started and how many characters it holds, which attempt it is
/// (0, or 1 for the one replacement of a failed job), and the finished jobs whose output the next apply still uses.
/// </summary>
internal sealed record BatchJobRecord(
    string Language,
    string JobName,
    string? JobId,
    string ClientToken,
    string From,
    string To,
    string Digest,
    string S3Prefix,
    DateTimeOffset StartedAt,
    long Characters,
    int Segments,
    int Attempt,
    IReadOnlyList<FinishedBatchJob> Reuse
)
{
    public const string RelativePath = ".amts/batch-job.json";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";

    /// <summary>The record in a work tree, or null when there is none.</summary>
    public static BatchJobRecord? Read(string targetRoot)
    {
        var path = Path.Combine(targetRoot, RelativePath);
        if (!File.Exists(path))
            return null;
        try
        {
            return
                JsonSerializer.Deserialize<BatchJobRecord>(File.ReadAllText(path), Json)
                    is { JobName.Length: > 0, Digest.Length: > 0 } r
                ? r with
                {
                    Reuse = r.Reuse ?? [],
                }
                : throw AmtsException.Input($"{path}: not a batch job record (no jobName or digest)", DeleteHint);
        }
        catch (JsonException e)
        {
            throw AmtsException.Input($"{path}: not a valid batch job record: {e.Message}", DeleteHint);
        }
    }

    const string DeleteHint =
        "restore it from git, or delete it from the sync branch (the next run then finds the job by its name)";

    /// <summary>What the pull request says while the job runs.</summary>
    public string Describe() =>
        $"machine translation in progress: job {JobName} started at "
        + $"{StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, {Characters:N0} "
        + "characters";

    /// <summary>The digest of what a job is asked: the languages, the parallel data and terminology, and each segment
    /// (length-prefixed, in order). Two plans with the same digest send exactly the same request.</summary>
    public static string DigestOf(
        string source,
        string target,
        string? parallelData,
        string? terminology,
        IEnumerable<string> segments
    )
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            sha.AppendData(BitConverter.GetBytes(bytes.Length));
            sha.AppendData(bytes);
        }
        Add(source);
        Add(target);
        Add(parallelData ?? "");
        Add(terminology ?? "");
        foreach (var s in segments)
            Add(s);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}

/// <summary>What a job was sent, kept beside its documents in S3 (<c>segments.json</c>): the segments in order and
/// which segments each document holds, so that any later run can read the output back.</summary>
internal sealed record BatchJobManifest(
    string Digest,
    IReadOnlyList<string> Segments,
    IReadOnlyList<IReadOnlyList<int>> Documents
)
{
    public const string FileName = "segments.json";
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static BatchJobManifest? Parse(string json)
    {
        try
        {
            return
                JsonSerializer.Deserialize<BatchJobManifest>(json, Json)
                    is { Segments: not null, Documents: not null } m
                ? m
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Where a language's batch job is recorded, and the lock that keeps two runs from starting one each:
/// <see cref="WriteAsync"/> succeeds only when nothing else moved the record's home since this run read it.</summary>
internal interface IBatchJobLedger
{
    /// <summary>The record as this run found it (or as it last wrote it).</summary>
    BatchJobRecord? Current { get; }

    /// <summary>The English range the run plans (recorded with a job).</summary>
    (string From, string To) Range { get; }

    /// <summary>Records a job; throws <see cref="BatchJobLockException"/> when another run wrote first.</summary>
    Task WriteAsync(BatchJobRecord record, string message, CancellationToken ct);

    /// <summary>The recorded job's output is applied by this run: the sync's commit removes the record.</summary>
    void MarkApplied();
}

/// <summary>Another run recorded a job for this language first: this one starts none.</summary>
internal sealed class BatchJobLockException(string message)
    : AmtsException(ErrorKind.Service, message, "nothing to do: the other run's job is picked up by the next run");

/// <summary>The language's batch job is not done within the run's wait (or another run holds it): nothing was
/// applied; the job is recorded and the next run picks it up.</summary>
internal sealed class BatchJobPendingException(
    BatchJobRecord record,
    string status,
    bool recordChanged,
    IReadOnlyList<string> notes
)
    : TranslationPendingException(
        $"{record.Describe()} ({status})",
        "nothing to do: the next run (a push, a dispatch or the schedule) picks the job up and applies it"
    )
{
    public BatchJobRecord Record { get; } = record;
    public string Status { get; } = status;

    /// <summary>Whether this run wrote the record (a new job, or a job found by its name), or found it as it
    /// was.</summary>
    public bool RecordChanged { get; } = recordChanged;
    public IReadOnlyList<string> Notes { get; } = notes;
}
