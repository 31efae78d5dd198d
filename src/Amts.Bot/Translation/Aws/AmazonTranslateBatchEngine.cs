using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amts.Bot.Errors;
using Amts.Bot.Markdown;

namespace Amts.Bot.Translation.Aws;

/// <summary>Where and how batch jobs run: a folder of ours in a bucket, the role Amazon Translate assumes to read
/// and write it, the parallel data resource (Active Custom Translation), one terminology, how often to poll and how
/// long to wait, whether to keep the run's S3 objects afterwards, and the spending bound per run.</summary>
internal sealed record BatchSettings(
    S3Location Workspace,
    string DataAccessRoleArn,
    string? ParallelDataName,
    string? TerminologyName = null,
    TimeSpan? PollInterval = null,
    TimeSpan? Deadline = null,
    bool KeepJobFiles = false,
    long? MaxCharacters = TranslationRun.DefaultMaxCharacters
)
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromHours(2);
}

/// <summary>
/// Amazon Translate as asynchronous batch jobs (with parallel data, the only way Active Custom Translation works).
/// One run is ONE job: every segment is packed into HTML documents (protected spans inside <c>translate="no"</c>)
/// below the documented per-document limits, uploaded under <c>&lt;prefix&gt;/&lt;run&gt;/input/job0/</c>, and
/// translated by one <c>StartTextTranslationJob</c> (idempotent by its client token); only a run past a documented
/// per-job limit is split, and its jobs run concurrently. Before anything is uploaded the pre-flight checks the role
/// ARN, that the parallel data and the terminology exist and are ACTIVE, and that the bucket is reachable. Polls log
/// elapsed time, status and documents; throttled or failed polls do not end the run (the job goes on), only the
/// deadline does, and then, as on cancellation, the job is stopped. Results are read from
/// <c>&lt;output&gt;/&lt;account&gt;-TranslateText-&lt;jobId&gt;/&lt;lang&gt;.&lt;file&gt;</c>, billed characters from
/// <c>details/&lt;lang&gt;.auxiliary-translation-details.json</c>. A damaged, missing or over-long segment stays
/// English for review; a job that fails fails the run (nothing applied). The run's S3 objects are deleted afterwards
/// unless kept.
/// </summary>
internal sealed class AmazonTranslateBatchEngine(
    TranslateClient client,
    S3Store s3,
    BatchSettings settings,
    TextWriter? log = null
) : ITranslationEngine
{
    long planned,
        billed;
    int jobsStarted;
    bool checkedOnce;

    public string Name => "aws-batch";
    public EnginePrice? Price =>
        settings.ParallelDataName != null ? AmazonTranslatePricing.BatchWithParallelData : AmazonTranslatePricing.Batch;
    public long? MaxCharacters => settings.MaxCharacters;
    public TextWriter? Log => log;
    public EngineUsage Usage =>
        new(Price!.Mode, planned, billed, "charactersTranslated of the job's details file", 0, jobsStarted, Price);
    public long BilledCharacters => billed;
    public int JobsStarted => jobsStarted;
    public IReadOnlyList<string> JobIds => jobIds;
    public string? LastJobId => jobIds.LastOrDefault();
    readonly List<string> jobIds = [];

    /// <summary>Where the language's job is recorded (the action's sync branch): with one, the job outlives the run
    /// (<see cref="DurableBatchJob"/>): the run waits at most <see cref="Wait"/>, then ends pending. Without one (the
    /// command line), the run waits for its job until the deadline and stops it there.</summary>
    internal IBatchJobLedger? Ledger { get; set; }

    /// <summary>How long a run with a <see cref="Ledger"/> waits for its job (aws.wait_minutes).</summary>
    internal TimeSpan Wait { get; set; } = DefaultWait;

    /// <summary>What the runs with a <see cref="Ledger"/> found of earlier jobs (failed, stopped, output
    /// missing).</summary>
    internal List<string> Notes { get; } = [];

    /// <summary>10 minutes: two of the 5-minute polls of AWS's own batch samples, and a sixth of the action's default
    /// language_timeout_minutes (60), so a pending language leaves the run time for the others.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(10);

    public async Task<IReadOnlyList<TranslationResult>> TranslateAsync(
        IReadOnlyList<string> segments,
        string sourceLanguage,
        string targetLanguage,
        CancellationToken ct = default
    )
    {
        var results = new TranslationResult[segments.Count];
        if (segments.Count == 0)
            return results;
        var batch = new MaskedBatch(segments, PlaceholderStyle.KeepContent);
        var sendable = new List<int>();
        for (int i = 0; i < segments.Count; i++)
        {
            // One rule for both modes: a segment over TranslateText's limit stays English for review.
            if (batch.WireBytes(i) > TranslateLimits.TranslateTextBytes)
                results[i] = TranslationResult.NotFound(
                    $"over the {TranslateLimits.TranslateTextBytes:N0}-byte limit per segment "
                        + $"({Encoding.UTF8.GetByteCount(segments[i]):N0} bytes); kept in English for review"
                );
            else
            {
                sendable.Add(i);
                planned += segments[i].Length;
            }
        }
        if (sendable.Count == 0)
            return results;
        await PreflightAsync(ct);
        if (Ledger != null)
        {
            var durable = new DurableBatchJob(client, s3, settings, Ledger, Wait, log);
            try
            {
                return await durable.RunAsync(segments, sendable, results, sourceLanguage, targetLanguage, ct);
            }
            finally
            {
                billed += durable.Billed;
                jobsStarted += durable.Started.Count;
                jobIds.AddRange(durable.Started);
                Notes.AddRange(durable.Notes);
            }
        }

        var documents = PackDocuments(batch, sendable);
        var jobs = SplitJobs(batch, documents);
        var run = Guid.NewGuid().ToString("N");
        var runFolder = new S3Location(settings.Workspace.Bucket, S3Prefix.Key(settings.Workspace.Key, run) + "/");
        var started = new List<(int Index, string JobId, S3Location Output, List<List<int>> Documents)>();
        var clock = Stopwatch.StartNew();
        bool ended = false; // every job reached an end state: nothing left to stop
        try
        {
            for (int j = 0; j < jobs.Count; j++)
            {
                var input = runFolder with { Key = runFolder.Key + $"input/job{j}/" };
                var output = runFolder with { Key = runFolder.Key + $"output/job{j}/" };
                for (int d = 0; d < jobs[j].Count; d++)
                    await s3.PutTextAsync(
                        input with
                        {
                            Key = input.Key + $"doc-{d}.html",
                        },
                        "<html><body>\n" + batch.Wrap(jobs[j][d]) + "</body></html>\n",
                        "text/html",
                        ct
                    );
                if (j >= TranslateLimits.ConcurrentBatchJobs)
                    throw TooManyJobs(jobs.Count); // the account runs at most 10 at once
                var response = await client.StartTextTranslationJobAsync(
                    new StartTextTranslationJobRequest(
                        JobName: $"amts-{targetLanguage}-{run[..12]}-{j}",
                        InputDataConfig: new InputDataConfig(input.ToString(), "text/html"),
                        OutputDataConfig: new OutputDataConfig(output.ToString()),
                        DataAccessRoleArn: settings.DataAccessRoleArn,
                        SourceLanguageCode: sourceLanguage,
                        TargetLanguageCodes: [targetLanguage],
                        ClientToken: $"{run}-{j}",
                        TerminologyNames: settings.TerminologyName is { Length: > 0 } t ? [t] : null,
                        ParallelDataNames: settings.ParallelDataName == null ? null : [settings.ParallelDataName]
                    ),
                    CancellationToken.None
                );
                // Not cancellable: a start cancelled in flight could leave a running job whose id we never learn, so
                // never stop.
                jobsStarted++;
                jobIds.Add(response.JobId);
                started.Add((j, response.JobId, output, jobs[j]));
                ct.ThrowIfCancellationRequested();
                log?.WriteLine(
                    $"aws-batch: started job {response.JobId} ({j + 1} of {jobs.Count}): {jobs[j].Count} "
                        + $"document(s), {jobs[j].Sum(d => d.Count)} segment(s), "
                        + $"parallel data {settings.ParallelDataName ?? "none"}, files under {runFolder}"
                );
            }
            var deadline = DateTime.UtcNow + (settings.Deadline ?? BatchSettings.DefaultDeadline);
            var finished = await Task.WhenAll(
                started.Select(s => WaitAsync(s.JobId, s.Index, jobs.Count, clock, deadline, ct))
            );
            ended = true;
            foreach (var job in finished)
                if (job.JobStatus is not ("COMPLETED" or "COMPLETED_WITH_ERROR"))
                    throw new TranslationEngineException(
                        $"aws-batch: job {job.JobId} ended {job.JobStatus}: {job.Message ?? "no message"}; nothing "
                            + "was applied",
                        "read the message; a job that cannot read its input usually means the data access role lacks "
                            + "s3:GetObject/PutObject on the bucket"
                    );
            foreach (var s in started)
                await ReadOutputAsync(s.JobId, s.Output, s.Documents, batch, targetLanguage, results, ct);
            log?.WriteLine(
                $"aws-batch: {jobsStarted} job(s) done in {Elapsed(clock.Elapsed)}: {planned:N0} characters planned, "
                    + $"{billed:N0} billed (charactersTranslated)"
            );
            return results;
        }
        catch (Exception e)
            when (started.Count > 0 && !ended && (e is OperationCanceledException || e is AmtsException))
        {
            await StopAsync(started.Select(s => s.JobId));
            throw;
        }
        finally
        {
            if (settings.KeepJobFiles)
                log?.WriteLine($"aws-batch: the run's files are kept under {runFolder} (--keep-job-files)");
            else
                await CleanUpAsync(runFolder);
        }
    }

    /// <summary>Past 10 jobs (50 GB of documents) a run is beyond any book: refused rather than queued.</summary>
    static TranslationEngineException TooManyJobs(int jobs) =>
        new(
            $"aws-batch: this run needs {jobs} jobs, more than the {TranslateLimits.ConcurrentBatchJobs} an account "
                + "runs at once; nothing more is started",
            "sync a smaller range"
        );

    /// <summary>The regions where Active Custom Translation (batch jobs with parallel data) is offered: Amazon
    /// Translate Developer Guide, "Customizing your translations with parallel data" (US East (N. Virginia), US West
    /// (Oregon), Europe (Ireland)).</summary>
    public static readonly IReadOnlyList<string> ActiveCustomTranslationRegions =
    [
        "us-east-1",
        "us-west-2",
        "eu-west-1",
    ];

    /// <summary>Checks what would otherwise fail only after the upload, once per engine.</summary>
    async Task PreflightAsync(CancellationToken ct)
    {
        if (checkedOnce)
            return;
        if (!AwsErrors.IsRoleArn(settings.DataAccessRoleArn))
            throw AmtsException.Input(
                $"aws-batch: '{settings.DataAccessRoleArn}' is not an IAM role ARN",
                "give the role Amazon Translate assumes to read and write the bucket, as "
                    + "arn:aws:iam::ACCOUNT:role/NAME (--role-arn, aws.role_arn)"
            );
        if (settings.ParallelDataName is { } pd)
        {
            if (!ActiveCustomTranslationRegions.Contains(client.Region))
                throw AmtsException.Input(
                    $"aws-batch: parallel data '{pd}' in region {client.Region}: Active Custom Translation is "
                        + "offered in "
                        + $"{string.Join(", ", ActiveCustomTranslationRegions)} only; nothing was sent",
                    "set aws.region (--region, AWS_REGION) to one of them, where the parallel data is published, or "
                        + "drop aws.parallel_data"
                );
            ParallelDataProperties p;
            try
            {
                p = (await client.GetParallelDataAsync(new GetParallelDataRequest(pd), ct)).ParallelDataProperties;
            }
            catch (AmazonTranslateException e) when (e.Code == "ResourceNotFoundException")
            {
                throw AmtsException.Input(
                    $"aws-batch: parallel data '{pd}' does not exist in this region (GetParallelData)",
                    "publish it first (amts parallel-data publish --name " + pd + " ...) or check --region"
                );
            }
            if (p.Status != "ACTIVE")
                throw AmtsException.Input(
                    $"aws-batch: parallel data '{pd}' is {p.Status}{(p.Message is { } m ? $" ({m})" : "")}; a job "
                        + "can use it only when ACTIVE",
                    p.Status == "FAILED"
                        ? "publish it again (amts parallel-data publish) and fix what the message says"
                        : "wait until it is ACTIVE and run again"
                );
        }
        if (settings.TerminologyName is { Length: > 0 } term)
        {
            try
            {
                await client.GetTerminologyAsync(new GetTerminologyRequest(term), ct);
            }
            catch (AmazonTranslateException e) when (e.Code == "ResourceNotFoundException")
            {
                throw AmtsException.Input(
                    $"aws-batch: terminology '{term}' does not exist in this region (GetTerminology)",
                    "import it first (amts terminology publish --name " + term + " ...) or check --region"
                );
            }
        }
        await s3.CheckReachableAsync(settings.Workspace with { Key = S3Prefix.Normalize(settings.Workspace.Key) }, ct);
        checkedOnce = true;
    }

    async Task<TextTranslationJobProperties> WaitAsync(
        string jobId,
        int index,
        int count,
        Stopwatch clock,
        DateTime deadline,
        CancellationToken ct
    )
    {
        var poll = settings.PollInterval ?? BatchSettings.DefaultPollInterval;
        int failedPolls = 0;
        while (true)
        {
            try
            {
                var job = (
                    await client.DescribeTextTranslationJobAsync(new DescribeTextTranslationJobRequest(jobId), ct)
                ).TextTranslationJobProperties;
                failedPolls = 0;
                var docs = job.JobDetails is { } d
                    ? $"{d.TranslatedDocumentsCount}/{d.InputDocumentsCount} documents translated"
                        + (d.DocumentsWithErrorsCount > 0 ? $", {d.DocumentsWithErrorsCount} with errors" : "")
                    : "documents not counted yet";
                log?.WriteLine(
                    $"aws-batch: job {jobId}{(count > 1 ? $" ({index + 1}/{count})" : "")} {job.JobStatus} after "
                        + $"{Elapsed(clock.Elapsed)}: {docs}"
                );
                if (job.JobStatus is "COMPLETED" or "COMPLETED_WITH_ERROR" or "FAILED" or "STOPPED")
                    return job;
            }
            catch (AmazonTranslateException e) when (StandardRetries.IsRetryable(e.Status, e.Code))
            {
                // The patient budget of status polls: the job runs on whatever happens to a poll; only the deadline
                // ends the wait.
                failedPolls++;
                log?.WriteLine(
                    $"aws-batch: poll {failedPolls} of job {jobId} failed ({e.Code}) after {Elapsed(clock.Elapsed)}; "
                        + "the job runs on, polling again"
                );
            }
            if (DateTime.UtcNow > deadline)
                throw new TranslationEngineException(
                    $"aws-batch: job {jobId} not done at the deadline "
                        + $"({Elapsed(settings.Deadline ?? BatchSettings.DefaultDeadline)}); it was stopped and "
                        + "nothing was applied",
                    "run again with a longer --deadline-minutes, or sync a smaller range"
                );
            var wait =
                failedPolls == 0 ? poll : poll + new StandardRetries().Delay(Math.Min(failedPolls, 6), throttled: true);
            await Task.Delay(wait, ct);
        }
    }

    async Task ReadOutputAsync(
        string jobId,
        S3Location output,
        List<List<int>> documents,
        MaskedBatch batch,
        string lang,
        TranslationResult[] results,
        CancellationToken ct
    )
    {
        var keys = await s3.ListKeysAsync(output, ct);
        for (int d = 0; d < documents.Count; d++)
        {
            var suffix = $"/{lang}.doc-{d}.html";
            var key = keys.FirstOrDefault(k =>
                k.EndsWith(suffix, StringComparison.Ordinal) && !k.Contains("/details/")
            );
            if (key == null)
            {
                foreach (var i in documents[d])
                    results[i] = TranslationResult.NotFound(
                        $"job {jobId} returned no translation of the document holding this segment; kept in English "
                            + "for review"
                    );
                continue;
            }
            var html = Regex.Replace(await s3.GetTextAsync(output with { Key = key }, ct), @"</?(html|body)>", "");
            foreach (var (i, r) in batch.Restore(html, documents[d], "Amazon Translate"))
                results[i] = r;
        }
        var details = keys.FirstOrDefault(k =>
            k.EndsWith($"/details/{lang}.auxiliary-translation-details.json", StringComparison.Ordinal)
        );
        if (details != null)
            billed += CharactersTranslated(await s3.GetTextAsync(output with { Key = details }, ct));
        else
            log?.WriteLine(
                $"aws-batch: job {jobId} left no details/{lang}.auxiliary-translation-details.json; billed "
                    + "characters unknown"
            );
    }

    /// <summary><c>charactersTranslated</c> of an auxiliary details file (the documentation shows it as a
    /// string).</summary>
    public static long CharactersTranslated(string json)
    {
        using var doc = JsonDocument.Parse(json);
        if (!doc.RootElement.TryGetProperty("charactersTranslated", out var v))
            return 0;
        return v.ValueKind == JsonValueKind.Number ? v.GetInt64()
            : long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
            : 0;
    }

    async Task StopAsync(IEnumerable<string> jobIds)
    {
        foreach (var id in jobIds)
        {
            try
            {
                var r = await client.StopTextTranslationJobAsync(
                    new StopTextTranslationJobRequest(id),
                    CancellationToken.None
                );
                log?.WriteLine($"aws-batch: stopped job {id} ({r.JobStatus})");
            }
            catch (AmtsException e)
            {
                log?.WriteLine(
                    $"aws-batch: could not stop job {id}: {e.Message}; stop it in the console (Amazon Translate, "
                        + "batch translation)"
                );
            }
        }
    }

    async Task CleanUpAsync(S3Location runFolder)
    {
        try
        {
            var n = await s3.DeletePrefixAsync(runFolder, CancellationToken.None);
            if (n > 0)
                log?.WriteLine($"aws-batch: deleted the run's {n} object(s) under {runFolder}");
        }
        catch (AmtsException e)
        {
            log?.WriteLine($"aws-batch: could not delete the run's objects under {runFolder}: {e.Message}");
        }
    }

    static string Elapsed(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m"
        : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s"
        : $"{t.TotalSeconds:F1}s";

    /// <summary>Documents below the documented per-document limits (characters and bytes), segments in order.</summary>
    internal static List<List<int>> PackDocuments(MaskedBatch batch, List<int> indices)
    {
        var docs = new List<List<int>>();
        var current = new List<int>();
        long size = 0;
        foreach (var i in indices)
        {
            int bytes = batch.WireBytes(i);
            if (size + bytes > TranslateLimits.BatchDocumentCharacters && current.Count > 0)
            {
                docs.Add(current);
                current = [];
                size = 0;
            }
            current.Add(i);
            size += bytes;
        }
        if (current.Count > 0)
            docs.Add(current);
        return docs;
    }

    /// <summary>One job, unless the documented per-job limits (documents, total size) demand more.</summary>
    internal static List<List<List<int>>> SplitJobs(MaskedBatch batch, List<List<int>> documents)
    {
        var jobs = new List<List<List<int>>>();
        var current = new List<List<int>>();
        long bytes = 0;
        foreach (var doc in documents)
        {
            long size = doc.Sum(batch.WireBytes);
            if (
                current.Count > 0
                && (
                    current.Count >= TranslateLimits.BatchDocumentsPerJob
                    || bytes + size > TranslateLimits.BatchBytesPerJob
                )
            )
            {
                jobs.Add(current);
                current = [];
                bytes = 0;
            }
            current.Add(doc);
            bytes += size;
        }
        if (current.Count > 0)
            jobs.Add(current);
        return jobs;
    }
}
