using System.Diagnostics;
using System.Text.RegularExpressions;
using Amts.Bot.Markdown;

namespace Amts.Bot.Translation.Aws;

/// <summary>
/// A batch job that outlives the run that started it. Per language ONE job at a time, recorded in the ledger (the
/// sync branch): a run first looks at the recorded job — still running: nothing is started, the run ends pending;
/// COMPLETED: its output is read back (through the job's own <see cref="BatchJobManifest"/>, whose digest must be
/// the record's) and each segment it translated answers the same segment of this plan; FAILED or STOPPED: said, and
/// replaced at most once. Only the segments no finished job answers go to a new job, named after their digest (so a
/// run killed after the start finds it again by name, ListTextTranslationJobs with a filter, instead of starting a
/// second one), reserved in the ledger before it is started (the reservation is the lock: of two runs at once, one
/// writes it, the other ends pending) and idempotent by its client token. The run waits at most
/// <paramref name="wait"/>; a job not done by then ends the run pending, nothing applied.
/// </summary>
internal sealed class DurableBatchJob(
    TranslateClient client,
    S3Store s3,
    BatchSettings settings,
    IBatchJobLedger ledger,
    TimeSpan wait,
    TextWriter? log
)
{
    /// <summary>At most one new job replaces a job that failed or was stopped (the issue's rule: a second failure
    /// is a problem to look at, not to pay for again).</summary>
    public const int MaxReplacements = 1;

    /// <summary>A reservation without a job is another run between its reservation and its start (an upload of a
    /// few documents and one call: seconds) unless it is older than this; then that run was stopped, and the job is
    /// planned again. Ten minutes is far above any upload of one run (at most a few MB).</summary>
    static readonly TimeSpan ReservationTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The longest job name Amazon Translate takes is 256 characters; ours are far shorter.</summary>
    const int DigestInName = 16;

    /// <summary>For tests only: called right after StartTextTranslationJob returned, before the job id is recorded
    /// (a run killed there).</summary>
    internal static Action<string>? AfterStartForTests { get; set; }

    public long Billed { get; private set; }

    /// <summary>What the run found of earlier jobs (failed, stopped, output missing), for the pull request.</summary>
    public List<string> Notes { get; } = [];
    public List<string> Started { get; } = [];

    public async Task<TranslationResult[]> RunAsync(
        IReadOnlyList<string> segments,
        List<int> sendable,
        TranslationResult[] results,
        string source,
        string target,
        CancellationToken ct
    )
    {
        var wanted = sendable.Select(i => segments[i]).Distinct(StringComparer.Ordinal).ToList();
        var answers = new Dictionary<string, TranslationResult>(StringComparer.Ordinal);
        var notes = Notes;
        var reuse = new List<FinishedBatchJob>();
        int attempt = 0;
        var record = ledger.Current is { } r && r.Language == target ? r : null;
        if (record != null)
        {
            foreach (var finished in record.Reuse)
                if (await ReadAsync(finished, source, target, answers, notes, ct))
                    reuse.Add(finished);
            var job = await FindAsync(record.JobId, record.JobName, ct);
            switch (job?.JobStatus)
            {
                case null when record.JobId == null && DateTimeOffset.UtcNow - record.StartedAt < ReservationTimeout:
                    throw new BatchJobLockException(
                        $"batch job {record.JobName} was reserved at {record.StartedAt.UtcDateTime:HH:mm:ss} UTC "
                            + "by another run that has not started it yet; this run starts none"
                    );
                case null:
                    notes.Add(
                        $"the recorded job {record.JobName} was never started (a run stopped before its start); "
                            + "planned again"
                    );
                    attempt = record.Attempt;
                    break;
                case "SUBMITTED" or "IN_PROGRESS" or "STOP_REQUESTED":
                {
                    bool found = record.JobId == null;
                    if (found)
                    {
                        record = record with { JobId = job.JobId };
                        await ledger.WriteAsync(record, $"amts: batch job {record.JobName} found by its name", ct);
                    }
                    var moved =
                        record.Digest == Digest(source, target, wanted.Where(s => !answers.ContainsKey(s)))
                            ? ""
                            : "; the English moved on since it was planned: its output will be used where it still "
                                + "fits, the rest goes to one more job then";
                    log?.WriteLine(
                        $"aws-batch: job {record.JobName} ({job.JobId}) is {job.JobStatus}: nothing started, nothing "
                            + $"applied{moved}"
                    );
                    throw new BatchJobPendingException(
                        record,
                        job.JobStatus,
                        found,
                        [.. notes, .. moved.Length > 0 ? [moved[2..]] : Array.Empty<string>()]
                    );
                }
                case "COMPLETED" or "COMPLETED_WITH_ERROR":
                {
                    var finished = new FinishedBatchJob(record.JobName, job.JobId, record.S3Prefix, record.Digest);
                    if (await ReadAsync(finished, source, target, answers, notes, ct))
                        reuse.Add(finished);
                    else
                        attempt = record.Attempt + 1;
                    break;
                }
                default:
                    notes.Add($"job {record.JobName} ended {job.JobStatus}: {job.Message ?? "no message"}");
                    log?.WriteLine($"aws-batch: {notes[^1]}; planned again");
                    attempt = record.Attempt + 1;
                    break;
            }
        }
        foreach (var n in notes)
            log?.WriteLine("aws-batch: " + n);
        var missing = wanted.Where(s => !answers.ContainsKey(s)).ToList();
        if (missing.Count > 0)
            await StartAndWaitAsync(missing, reuse, attempt, source, target, answers, notes, ct);
        foreach (var i in sendable)
            results[i] = answers[segments[i]];
        ledger.MarkApplied();
        return results;
    }

    string Digest(string source, string target, IEnumerable<string> segments) =>
        BatchJobRecord.DigestOf(source, target, settings.ParallelDataName, settings.TerminologyName, segments);

    async Task StartAndWaitAsync(
        List<string> missing,
        List<FinishedBatchJob> reuse,
        int attempt,
        string source,
        string target,
        Dictionary<string, TranslationResult> answers,
        List<string> notes,
        CancellationToken ct
    )
    {
        var digest = Digest(source, target, missing);
        string name;
        TextTranslationJobProperties? existing;
        for (; ; attempt++)
        {
            if (attempt > MaxReplacements)
                throw new TranslationEngineException(
                    $"aws-batch: {string.Join("; ", notes)}; that was the replacement of a failed job already, "
                        + "so no further job is started and nothing was applied",
                    "read the job's message in the Amazon Translate console, fix the cause, and delete "
                        + BatchJobRecord.RelativePath
                        + " from the sync branch to allow new jobs"
                );
            name = $"amts-{target}-{digest[..DigestInName]}" + (attempt > 0 ? $"-r{attempt}" : "");
            existing = await FindAsync(null, name, ct);
            if (existing is not { JobStatus: "FAILED" or "STOPPED" })
                break;
            var failed = $"job {name} ended {existing.JobStatus}: {existing.Message ?? "no message"}";
            if (!notes.Contains(failed))
                notes.Add(failed);
            log?.WriteLine($"aws-batch: {failed}");
        }
        var folder = new S3Location(settings.Workspace.Bucket, S3Prefix.Key(settings.Workspace.Key, name) + "/");
        var (from, to) = ledger.Range;
        var record = new BatchJobRecord(
            target,
            name,
            null,
            $"{digest[..32]}-{attempt}",
            from,
            to,
            digest,
            folder.ToString(),
            DateTimeOffset.UtcNow,
            missing.Sum(s => (long)s.Length),
            missing.Count,
            attempt,
            reuse
        );
        if (existing != null)
        {
            // A run that was stopped after the start and before the record: its job, found by name, is this one.
            record = record with { JobId = existing.JobId };
            log?.WriteLine(
                $"aws-batch: job {name} ({existing.JobId}) found by its name ({existing.JobStatus}); no second job "
                    + "is started"
            );
            await ledger.WriteAsync(record, $"amts: batch job {name} found by its name", ct);
        }
        else
        {
            await ledger.WriteAsync(record, $"amts: batch job {name} for {missing.Count} segment(s) (reserved)", ct);
            var batch = new MaskedBatch(missing, PlaceholderStyle.KeepContent);
            var documents = AmazonTranslateBatchEngine.PackDocuments(batch, [.. Enumerable.Range(0, missing.Count)]);
            if (AmazonTranslateBatchEngine.SplitJobs(batch, documents).Count > 1)
                throw new TranslationEngineException(
                    $"aws-batch: the {missing.Count} segments to translate pass the documented limits of one job",
                    "sync a smaller range (one job per language is recorded at a time)"
                );
            var manifest = new BatchJobManifest(digest, missing, documents);
            await s3.PutTextAsync(
                folder with
                {
                    Key = folder.Key + BatchJobManifest.FileName,
                },
                manifest.ToJson(),
                "application/json",
                ct
            );
            for (int d = 0; d < documents.Count; d++)
                await s3.PutTextAsync(
                    folder with
                    {
                        Key = folder.Key + $"input/doc-{d}.html",
                    },
                    "<html><body>\n" + batch.Wrap(documents[d]) + "</body></html>\n",
                    "text/html",
                    ct
                );
            var response = await client.StartTextTranslationJobAsync(
                new StartTextTranslationJobRequest(
                    JobName: name,
                    InputDataConfig: new InputDataConfig(folder.ToString() + "input/", "text/html"),
                    OutputDataConfig: new OutputDataConfig(folder.ToString() + "output/"),
                    DataAccessRoleArn: settings.DataAccessRoleArn,
                    SourceLanguageCode: source,
                    TargetLanguageCodes: [target],
                    ClientToken: record.ClientToken,
                    TerminologyNames: settings.TerminologyName is { Length: > 0 } t ? [t] : null,
                    ParallelDataNames: settings.ParallelDataName == null ? null : [settings.ParallelDataName]
                ),
                CancellationToken.None
            );
            Started.Add(response.JobId);
            AfterStartForTests?.Invoke(response.JobId);
            record = record with { JobId = response.JobId };
            log?.WriteLine(
                $"aws-batch: started job {name} ({response.JobId}): {documents.Count} document(s), {missing.Count} "
                    + "segment(s), "
                    + $"{record.Characters:N0} characters, parallel data {settings.ParallelDataName ?? "none"}, "
                    + $"files under {folder}"
            );
            await ledger.WriteAsync(record, $"amts: batch job {name} started ({response.JobId})", ct);
        }

        var clock = Stopwatch.StartNew();
        var poll = settings.PollInterval ?? BatchSettings.DefaultPollInterval;
        string status = "SUBMITTED";
        while (true)
        {
            try
            {
                var job = (
                    await client.DescribeTextTranslationJobAsync(
                        new DescribeTextTranslationJobRequest(record.JobId!),
                        ct
                    )
                ).TextTranslationJobProperties;
                status = job.JobStatus;
                log?.WriteLine($"aws-batch: job {name} {status} after {clock.Elapsed.TotalSeconds:F1}s");
                if (status is "COMPLETED" or "COMPLETED_WITH_ERROR")
                {
                    if (
                        !await ReadAsync(
                            new FinishedBatchJob(name, job.JobId, record.S3Prefix, digest),
                            source,
                            target,
                            answers,
                            notes,
                            ct
                        )
                    )
                        throw new TranslationEngineException(
                            $"aws-batch: job {name} completed without a usable output: {string.Join("; ", notes)}; "
                                + "nothing was applied",
                            "run again: the next run replaces the job once"
                        );
                    return;
                }
                if (status is "FAILED" or "STOPPED")
                    throw new TranslationEngineException(
                        $"aws-batch: job {name} ended {status}: {job.Message ?? "no message"}; nothing was applied",
                        "the next run replaces it once; a job that cannot read its input usually means the data "
                            + "access role lacks s3:GetObject/PutObject on the bucket"
                    );
            }
            catch (AmazonTranslateException e) when (StandardRetries.IsRetryable(e.Status, e.Code))
            {
                log?.WriteLine($"aws-batch: a poll of job {name} failed ({e.Code}); the job runs on");
            }
            if (clock.Elapsed >= wait)
                break;
            await Task.Delay(poll < wait - clock.Elapsed ? poll : wait - clock.Elapsed, ct);
        }
        log?.WriteLine(
            $"aws-batch: job {name} is {status} after the wait of {wait.TotalMinutes:0.##} minute(s) "
                + "(aws.wait_minutes): the language ends pending"
        );
        throw new BatchJobPendingException(record, status, recordChanged: true, notes);
    }

    /// <summary>The job by its id, or else by its name (ListTextTranslationJobs with a JobName filter: the newest that
    /// did not fail), or null when there is none.</summary>
    async Task<TextTranslationJobProperties?> FindAsync(string? jobId, string name, CancellationToken ct)
    {
        if (jobId != null)
        {
            try
            {
                return (
                    await client.DescribeTextTranslationJobAsync(new DescribeTextTranslationJobRequest(jobId), ct)
                ).TextTranslationJobProperties;
            }
            catch (AmazonTranslateException e) when (e.Code == "ResourceNotFoundException") { }
        }
        var found = new List<TextTranslationJobProperties>();
        string? token = null;
        do
        {
            var page = await client.ListTextTranslationJobsAsync(
                new ListTextTranslationJobsRequest(new TextTranslationJobFilter(JobName: name), token),
                ct
            );
            found.AddRange(page.TextTranslationJobPropertiesList ?? []);
            token = page.NextToken;
        } while (token != null);
        return found.FirstOrDefault(j => j.JobStatus is not ("FAILED" or "STOPPED")) ?? found.FirstOrDefault();
    }

    /// <summary>Reads a finished job's output into <paramref name="answers"/> (only the segments of its manifest, and
    /// only when the manifest's digest is the one recorded). False, with a note, when it is not there or not the
    /// one.</summary>
    async Task<bool> ReadAsync(
        FinishedBatchJob job,
        string source,
        string lang,
        Dictionary<string, TranslationResult> answers,
        List<string> notes,
        CancellationToken ct
    )
    {
        var folder = S3Location.Parse(job.S3Prefix);
        var manifest = BatchJobManifest.Parse(
            await s3.TryGetTextAsync(folder with { Key = folder.Key + BatchJobManifest.FileName }, ct) ?? ""
        );
        if (
            manifest == null
            || manifest.Digest != job.Digest
            || BatchJobRecord.DigestOf(
                source,
                lang,
                settings.ParallelDataName,
                settings.TerminologyName,
                manifest.Segments
            ) != job.Digest
        )
        {
            notes.Add(
                $"the files of job {job.JobName} under {folder} are missing or are not the ones recorded (digest); "
                    + "its output is not used"
            );
            return false;
        }
        var output = folder with { Key = folder.Key + "output/" };
        var keys = await s3.ListKeysAsync(output, ct);
        var batch = new MaskedBatch(manifest.Segments, PlaceholderStyle.KeepContent);
        var read = new Dictionary<string, TranslationResult>(StringComparer.Ordinal);
        int found = 0;
        for (int d = 0; d < manifest.Documents.Count; d++)
        {
            var key = keys.FirstOrDefault(k =>
                k.EndsWith($"/{lang}.doc-{d}.html", StringComparison.Ordinal) && !k.Contains("/details/")
            );
            if (key == null)
            {
                foreach (var i in manifest.Documents[d])
                    read.TryAdd(
                        manifest.Segments[i],
                        TranslationResult.NotFound(
                            $"job {job.JobName} returned no translation of the document holding this segment; kept "
                                + "in English for review"
                        )
                    );
                continue;
            }
            found++;
            var html = Regex.Replace(await s3.GetTextAsync(output with { Key = key }, ct), @"</?(html|body)>", "");
            foreach (var (i, r) in batch.Restore(html, manifest.Documents[d], "Amazon Translate"))
                read.TryAdd(manifest.Segments[i], r);
        }
        if (found == 0)
        {
            notes.Add($"job {job.JobName} left no output under {output}");
            return false;
        }
        foreach (var (segment, result) in read)
            answers.TryAdd(segment, result);
        var details = keys.FirstOrDefault(k =>
            k.EndsWith($"/details/{lang}.auxiliary-translation-details.json", StringComparison.Ordinal)
        );
        if (details != null)
            Billed += AmazonTranslateBatchEngine.CharactersTranslated(
                await s3.GetTextAsync(output with { Key = details }, ct)
            );
        return true;
    }
}
