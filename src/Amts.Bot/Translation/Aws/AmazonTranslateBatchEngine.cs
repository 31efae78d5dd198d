using System.Text;
using System.Text.RegularExpressions;
using Amts.Bot.Markdown;

namespace Amts.Bot.Translation.Aws;

/// <summary>Where and how batch jobs run: an S3 folder of ours (never a bucket root), the role Amazon Translate assumes
/// to read and write it, the parallel data resource (Active Custom Translation), and how long to wait.</summary>
public sealed record BatchSettings(S3Location Workspace, string DataAccessRoleArn, string? ParallelDataName,
    IReadOnlyList<string>? TerminologyNames = null, TimeSpan? PollInterval = null, TimeSpan? Deadline = null);

/// <summary>
/// Amazon Translate with parallel data: Active Custom Translation works only in asynchronous batch jobs. The
/// segments are packed into HTML documents (protected spans inside <c>translate="no"</c>) under 1 M characters,
/// uploaded to an input folder, translated by one <c>StartTextTranslationJob</c> (idempotent by its client token),
/// polled until done or the deadline, and read back from <c>&lt;output&gt;/&lt;account&gt;-TranslateText-&lt;jobId&gt;/&lt;lang&gt;.&lt;file&gt;</c>.
/// A job that fails, or any segment that comes back damaged, fails the whole batch: nothing is half-applied.
/// </summary>
public sealed class AmazonTranslateBatchEngine(TranslateClient client, S3Store s3, BatchSettings settings) : ITranslationEngine
{
    const int MaxDocumentCharacters = 900_000; // the service takes < 1 M characters and ≤ 20 MB per document

    public string Name => "aws-batch";
    public long BilledCharacters { get; private set; }
    public string? LastJobId { get; private set; }

    public async Task<IReadOnlyList<TranslationResult>> TranslateAsync(IReadOnlyList<string> segments, string sourceLanguage, string targetLanguage, CancellationToken ct = default)
    {
        if (segments.Count == 0) return [];
        var masked = segments.Select(s => Masking.Mask(s, ProtectedSpans.Find(s), PlaceholderStyle.KeepContent)).ToList();
        var documents = Pack(masked.Select(m => m.Html).ToList());
        var run = Guid.NewGuid().ToString("N");
        var folder = settings.Workspace.Key.TrimEnd('/');
        var input = new S3Location(settings.Workspace.Bucket, $"{folder}/input/{run}/");
        var output = new S3Location(settings.Workspace.Bucket, $"{folder}/output/{run}/");
        for (int d = 0; d < documents.Count; d++)
        {
            var html = "<html><body>\n" + string.Concat(documents[d].Select(i => SegmentEnvelope.Wrap(i, masked[i].Html))) + "</body></html>\n";
            BilledCharacters += html.Length;
            await s3.PutTextAsync(input with { Key = input.Key + $"doc-{d}.html" }, html, "text/html", ct);
        }
        var started = await client.StartTextTranslationJobAsync(new StartTextTranslationJobRequest(
            JobName: $"amts-{targetLanguage}-{run[..12]}",
            InputDataConfig: new InputDataConfig(input.ToString(), "text/html"),
            OutputDataConfig: new OutputDataConfig(output.ToString()),
            DataAccessRoleArn: settings.DataAccessRoleArn,
            SourceLanguageCode: sourceLanguage,
            TargetLanguageCodes: [targetLanguage],
            ClientToken: run,
            TerminologyNames: settings.TerminologyNames is { Count: > 0 } ? settings.TerminologyNames : null,
            ParallelDataNames: settings.ParallelDataName == null ? null : [settings.ParallelDataName]), ct);
        LastJobId = started.JobId;
        var job = await WaitAsync(started.JobId, ct);
        if (job.JobStatus != "COMPLETED")
            throw new TranslationEngineException($"aws-batch: job {started.JobId} ended {job.JobStatus}: {job.Message ?? "no message"}; nothing was applied");

        var keys = await s3.ListKeysAsync(output, ct);
        var results = new TranslationResult[segments.Count];
        for (int d = 0; d < documents.Count; d++)
        {
            var suffix = $"/{targetLanguage}.doc-{d}.html";
            var key = keys.FirstOrDefault(k => k.EndsWith(suffix, StringComparison.Ordinal) && !k.Contains("/details/"))
                ?? throw new TranslationEngineException($"aws-batch: job {started.JobId} left no {targetLanguage}.doc-{d}.html under {output}; nothing was applied");
            var parts = Split(await s3.GetTextAsync(output with { Key = key }, ct));
            foreach (var i in documents[d])
            {
                var restored = parts.TryGetValue(i, out var part) ? Masking.Unmask(part, masked[i]) : null;
                if (restored is not { IsIntact: true })
                    throw new TranslationEngineException($"aws-batch: segment {i} came back {(restored == null ? "missing" : "damaged: " + string.Join("; ", restored.Problems))}; nothing was applied");
                results[i] = TranslationResult.Hit(restored.Text);
            }
        }
        return results;
    }

    async Task<TextTranslationJobProperties> WaitAsync(string jobId, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + (settings.Deadline ?? TimeSpan.FromHours(2));
        while (true)
        {
            var job = (await client.DescribeTextTranslationJobAsync(new DescribeTextTranslationJobRequest(jobId), ct)).TextTranslationJobProperties;
            if (job.JobStatus is "COMPLETED" or "COMPLETED_WITH_ERROR" or "FAILED" or "STOPPED") return job;
            if (DateTime.UtcNow > deadline)
                throw new TranslationEngineException($"aws-batch: job {jobId} still {job.JobStatus} at the deadline; nothing was applied (the job may finish later; its output is under the workspace)");
            await Task.Delay(settings.PollInterval ?? TimeSpan.FromSeconds(30), ct);
        }
    }

    static List<List<int>> Pack(List<string> html)
    {
        var docs = new List<List<int>>();
        var current = new List<int>();
        long size = 0;
        for (int i = 0; i < html.Count; i++)
        {
            if (size + html[i].Length + 40 > MaxDocumentCharacters && current.Count > 0) { docs.Add(current); current = []; size = 0; }
            current.Add(i);
            size += html[i].Length + 40;
        }
        if (current.Count > 0) docs.Add(current);
        return docs;
    }

    static Dictionary<int, string> Split(string document) => SegmentEnvelope.Split(Regex.Replace(document, @"</?(html|body)>", ""));
}
