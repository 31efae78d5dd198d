using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amts.Bot.Translation.Aws;

namespace Amts.Bot.Tests.Fakes;

/// <summary>
/// A stand-in for Amazon Translate on 127.0.0.1, built from the documented protocol: JSON 1.1 on <c>POST /</c>,
/// the operation in <c>X-Amz-Target</c>, a SigV4 <c>Authorization</c> header that it verifies for real against
/// the test credentials, and errors as <c>{"__type": "...#Code", "message": ...}</c> with the documented codes.
/// Its "translation" keeps every tag and wraps the text in <c>[zh]…</c>, so tests can see what was translated.
/// </summary>
internal sealed partial class FakeTranslateService : IDisposable
{
    public const string AccessKey = "AKIDFAKETRANSLATE";
    public const string SecretKey = "fake/secret/key/for/tests";
    readonly string accessKey = AccessKey,
        secretKey = SecretKey;

    readonly HttpListener listener;
    readonly S3Store? s3;
    readonly ConcurrentDictionary<string, Job> jobs = new();
    readonly ConcurrentDictionary<string, ParallelData> parallelData = new();
    public bool FailNextJob { get; set; }
    public const string Account = "123456789012";

    /// <summary>How long a batch job runs (wall time) before it completes; null: it moves on one state per poll
    /// (SUBMITTED, IN_PROGRESS, then done), as fast tests want.</summary>
    public TimeSpan? JobDuration { get; set; }

    /// <summary>When set, a job is not done (SUBMITTED, then IN_PROGRESS) for this many DescribeTextTranslationJob
    /// calls and ends at the next, however many runs poll it: a job slower than a run's wait; 0 ends it at the next
    /// look.</summary>
    public int? InProgressPolls { get; set; }

    /// <summary>The names of the jobs started, in the order they were started.</summary>
    public IReadOnlyList<string> JobNames =>
        jobs.Values.OrderBy(j => j.Started).ThenBy(j => j.Sequence).Select(j => j.Name).ToList();

    /// <summary>The input documents (HTML) of the job with this name, as the job read them.</summary>
    public async Task<IReadOnlyList<string>> InputOfAsync(string jobName)
    {
        var job = jobs.Values.Single(j => j.Name == jobName);
        var input = S3Location.Parse(job.InputUri);
        var texts = new List<string>();
        foreach (var key in await s3!.ListKeysAsync(input))
            texts.Add(await s3.GetTextAsync(input with { Key = key }));
        return texts;
    }

    int sequence;

    /// <summary>The next completed job damages the protected span of the first segment of each document (as a
    /// service that rewrote the inside of a translate="no" span would).</summary>
    public bool DamageNextJob { get; set; }

    /// <summary>The next parallel data import (create or update) fails with this message, as a file the service
    /// rejects.</summary>
    public string? FailNextImport { get; set; }

    /// <summary>Session tokens the service treats as expired (ExpiredTokenException).</summary>
    public HashSet<string> ExpiredTokens { get; } = ["expired-session-token"];

    sealed class Job
    {
        public required string Id;
        public required string Name;
        public required string InputUri;
        public required string OutputUri;
        public required List<string> Targets;
        public int Polls;
        public DateTime Started = DateTime.UtcNow;
        public string FinalStatus = "COMPLETED";
        public string? Message;
        public bool StopRequested;
        public string Status = "SUBMITTED";
        public int InputDocuments;
        public int Sequence;
        public required JsonElement Request;
    }

    sealed class ParallelData
    {
        public required string Name;
        public string Status = "CREATING";
        public long Records,
            Failed;
        public string? LatestUpdate;
        public string? Message;

        // The import under way: what it will end as (ACTIVE with these records, or FAILED with this message).
        public (bool Ok, long Records, long Failed, string? Message)? Pending;
    }

    readonly ConcurrentDictionary<string, int> terminologies = new();

    /// <summary>Jobs started, in order (StartTextTranslationJob calls that created a job).</summary>
    public int JobsStarted => jobs.Count;

    /// <summary>A parallel data resource that exists already (as published earlier).</summary>
    public void AddParallelData(string name, string status = "ACTIVE", long records = 1000) =>
        parallelData[name] = new ParallelData
        {
            Name = name,
            Status = status,
            Records = records,
        };

    /// <summary>A custom terminology that exists already.</summary>
    public void AddTerminology(string name, int terms = 100) => terminologies[name] = terms;

    readonly CancellationTokenSource stop = new();
    readonly Task loop;
    int throttleNext;
    public readonly ConcurrentQueue<(string Operation, JsonElement Body)> Calls = new();
    public Uri Endpoint { get; }

    [GeneratedRegex(
        @"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[a-z0-9-]+)/translate/aws4_request, "
            + @"SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=(?<sig>[0-9a-f]{64})$"
    )]
    private static partial Regex AuthorizationFormat();

    public FakeTranslateService(S3Store? s3 = null, string? accessKey = null, string? secretKey = null)
    {
        this.s3 = s3;
        this.accessKey = accessKey ?? AccessKey;
        this.secretKey = secretKey ?? SecretKey;
        (listener, var port) = LoopbackListener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        loop = Task.Run(Serve);
    }

    /// <summary>The next <paramref name="count"/> calls (of <paramref name="operation"/> only, when given) are refused
    /// with TooManyRequestsException.</summary>
    public void ThrottleNext(int count, string? operation = null)
    {
        throttleOperation = operation;
        Interlocked.Exchange(ref throttleNext, count);
    }

    string? throttleOperation;

    async Task Serve()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            // Each request on its own, as the service answers them: a request whose client went away (a timeout) must
            // not hold up the next ones (served one after another, one such request left every later poll of a run
            // waiting). The state is kept consistent by handling one request at a time once its body is read.
            _ = Task.Run(async () =>
            {
                try
                {
                    await Handle(context);
                }
                catch (Exception e)
                {
                    try
                    {
                        await Reply(context, 500, new { __type = "InternalServerException", message = e.Message });
                    }
                    catch (Exception) { }
                }
            });
        }
    }

    readonly SemaphoreSlim one = new(1, 1);

    async Task Handle(HttpListenerContext context)
    {
        var request = context.Request;
        using var ms = new MemoryStream();
        using (var read = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            await request.InputStream.CopyToAsync(ms, read.Token);
        var body = ms.ToArray();
        await one.WaitAsync();
        try
        {
            await HandleBody(context, request, body);
        }
        finally
        {
            one.Release();
        }
    }

    async Task HandleBody(HttpListenerContext context, HttpListenerRequest request, byte[] body)
    {
        var target = request.Headers["X-Amz-Target"] ?? "";
        if (
            request.HttpMethod != "POST"
            || request.Url!.AbsolutePath != "/"
            || !target.StartsWith("AWSShineFrontendService_20170701.")
        )
        {
            await Reply(context, 400, new { __type = "UnknownOperationException", message = "unknown operation" });
            return;
        }
        if (!(request.ContentType ?? "").StartsWith("application/x-amz-json-1.1"))
        {
            await Reply(
                context,
                400,
                new { __type = "SerializationException", message = "content type must be application/x-amz-json-1.1" }
            );
            return;
        }
        var authError = VerifySignature(request, body);
        if (authError != null)
        {
            await Reply(context, 403, new { __type = authError.Value.Code, message = authError.Value.Message });
            return;
        }
        var operationName = target["AWSShineFrontendService_20170701.".Length..];
        if (
            (throttleOperation == null || throttleOperation == operationName)
            && Interlocked.Decrement(ref throttleNext) >= 0
        )
        {
            await Reply(
                context,
                400,
                new
                {
                    __type = "com.amazonaws.translate#TooManyRequestsException",
                    message = "You have made too many requests within a short period of time. Wait for a short time "
                        + "and then try your request again.",
                }
            );
            return;
        }
        var operation = target["AWSShineFrontendService_20170701.".Length..];
        var json = JsonDocument.Parse(body).RootElement.Clone();
        Calls.Enqueue((operation, json));
        switch (operation)
        {
            case "TranslateText":
            {
                var text = json.GetProperty("Text").GetString()!;
                if (Encoding.UTF8.GetByteCount(text) > TranslateLimits.TranslateTextBytes)
                {
                    await Reply(
                        context,
                        400,
                        new
                        {
                            __type = "TextSizeLimitExceededException",
                            message = "Input text size exceeds limit. Max length of request text allowed is 10000 "
                                + "bytes.",
                        }
                    );
                    return;
                }
                var targetLanguage = json.GetProperty("TargetLanguageCode").GetString()!;
                await Reply(
                    context,
                    200,
                    new
                    {
                        TranslatedText = FakeTranslate(text, targetLanguage),
                        SourceLanguageCode = json.GetProperty("SourceLanguageCode").GetString(),
                        TargetLanguageCode = targetLanguage,
                    }
                );
                return;
            }
            case "ImportTerminology":
            {
                var csv = System.Text.Encoding.UTF8.GetString(
                    json.GetProperty("TerminologyData").GetProperty("File").GetBytesFromBase64()
                );
                var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                var langs = rows[0].Split(',');
                terminologies[json.GetProperty("Name").GetString()!] = rows.Length - 1;
                await Reply(
                    context,
                    200,
                    new
                    {
                        TerminologyProperties = new
                        {
                            Name = json.GetProperty("Name").GetString(),
                            SourceLanguageCode = langs[0],
                            TargetLanguageCodes = langs[1..],
                            TermCount = rows.Length - 1,
                        },
                    }
                );
                return;
            }
            case "StartTextTranslationJob":
                await StartJob(context, json);
                return;
            case "GetTerminology":
            {
                var name = json.GetProperty("Name").GetString()!;
                if (!terminologies.TryGetValue(name, out var count))
                {
                    await Reply(
                        context,
                        400,
                        new
                        {
                            __type = "ResourceNotFoundException",
                            message = $"The terminology {name} has not been found.",
                        }
                    );
                    return;
                }
                await Reply(
                    context,
                    200,
                    new
                    {
                        TerminologyProperties = new
                        {
                            Name = name,
                            SourceLanguageCode = "en",
                            TargetLanguageCodes = new[] { "zh" },
                            TermCount = count,
                        },
                    }
                );
                return;
            }
            case "StopTextTranslationJob":
            {
                if (!jobs.TryGetValue(json.GetProperty("JobId").GetString()!, out var job))
                {
                    await Reply(
                        context,
                        400,
                        new
                        {
                            __type = "ResourceNotFoundException",
                            message = "The resource you are looking for has not been found.",
                        }
                    );
                    return;
                }
                if (job.Status is "SUBMITTED" or "IN_PROGRESS")
                {
                    job.StopRequested = true;
                    job.Status = "STOP_REQUESTED";
                }
                await Reply(context, 200, new { JobId = job.Id, JobStatus = job.Status });
                return;
            }
            case "DescribeTextTranslationJob":
            {
                if (!jobs.TryGetValue(json.GetProperty("JobId").GetString()!, out var job))
                {
                    await Reply(
                        context,
                        400,
                        new
                        {
                            __type = "ResourceNotFoundException",
                            message = "The resource you are looking for has not been found.",
                        }
                    );
                    return;
                }
                await Advance(job);
                await Reply(context, 200, new { TextTranslationJobProperties = Properties(job) });
                return;
            }
            case "ListTextTranslationJobs":
                await ListJobs(context, json);
                return;
            case "CreateParallelData":
            case "UpdateParallelData":
                await PutParallelData(context, operation, json);
                return;
            case "GetParallelData":
            {
                if (!parallelData.TryGetValue(json.GetProperty("Name").GetString()!, out var pd))
                {
                    await Reply(
                        context,
                        400,
                        new
                        {
                            __type = "ResourceNotFoundException",
                            message = "The resource you are looking for has not been found.",
                        }
                    );
                    return;
                }
                var reply = new
                {
                    ParallelDataProperties = new
                    {
                        pd.Name,
                        pd.Status,
                        SourceLanguageCode = "en",
                        TargetLanguageCodes = new[] { "zh" },
                        pd.Message,
                        ImportedRecordCount = pd.Records,
                        FailedRecordCount = pd.Failed,
                        SkippedRecordCount = 0,
                        LatestUpdateAttemptStatus = pd.LatestUpdate,
                    },
                };
                await Reply(context, 200, reply);
                // The import under way ends by the next look.
                if (pd.Pending is { } p)
                {
                    pd.Pending = null;
                    if (pd.Status == "CREATING")
                    {
                        pd.Status = p.Ok ? "ACTIVE" : "FAILED";
                        (pd.Records, pd.Failed, pd.Message) = (p.Records, p.Failed, p.Message);
                    }
                    else
                    {
                        pd.LatestUpdate = p.Ok ? "ACTIVE" : "FAILED";
                        if (p.Ok)
                            (pd.Records, pd.Failed, pd.Message) = (p.Records, p.Failed, null);
                        else
                            pd.Message = p.Message;
                    }
                }
                return;
            }
            default:
                await Reply(
                    context,
                    400,
                    new { __type = "UnknownOperationException", message = $"{operation} is not served by this fake" }
                );
                return;
        }
    }

    object Properties(Job job)
    {
        int translated =
            job.Status is "COMPLETED" or "COMPLETED_WITH_ERROR" ? job.InputDocuments
            : JobDuration is { } d && job.Status == "IN_PROGRESS"
                ? (int)(job.InputDocuments * Math.Min(1, (DateTime.UtcNow - job.Started) / d))
            : 0;
        return new
        {
            JobId = job.Id,
            JobName = job.Name,
            JobStatus = job.Status,
            Message = job.Status == "FAILED" ? job.Message : null,
            JobDetails = new
            {
                TranslatedDocumentsCount = translated,
                DocumentsWithErrorsCount = job.Status == "FAILED" ? job.InputDocuments : 0,
                InputDocumentsCount = job.InputDocuments,
            },
            OutputDataConfig = new { S3Uri = job.OutputUri },
            TargetLanguageCodes = job.Targets,
            SubmittedTime = new DateTimeOffset(job.Started).ToUnixTimeMilliseconds() / 1000.0,
        };
    }

    /// <summary>ListTextTranslationJobs as the API reference documents it: a Filter (JobName, JobStatus; the time
    /// bounds are not used by amts and not served), MaxResults 1–500 (default 100), NextToken paging, newest first.
    /// Listing does not move a job on.</summary>
    async Task ListJobs(HttpListenerContext context, JsonElement json)
    {
        int max = json.TryGetProperty("MaxResults", out var m) ? m.GetInt32() : 100;
        if (max is < 1 or > 500)
        {
            await Reply(
                context,
                400,
                new
                {
                    __type = "ValidationException",
                    message = $"1 validation error detected: Value '{max}' at 'maxResults' failed to satisfy "
                        + "constraint: Member must have value less than or equal to 500",
                }
            );
            return;
        }
        IEnumerable<Job> list = jobs.Values.OrderByDescending(j => j.Started).ThenByDescending(j => j.Sequence);
        if (json.TryGetProperty("Filter", out var filter))
        {
            if (filter.TryGetProperty("JobName", out var name))
                list = list.Where(j => j.Name == name.GetString());
            if (filter.TryGetProperty("JobStatus", out var status))
                list = list.Where(j => j.Status == status.GetString());
        }
        int from = json.TryGetProperty("NextToken", out var token)
            ? int.Parse(token.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            : 0;
        var all = list.ToList();
        var page = all.Skip(from).Take(max).Select(Properties).ToList();
        await Reply(
            context,
            200,
            new
            {
                TextTranslationJobPropertiesList = page,
                NextToken = from + max < all.Count
                    ? (from + max).ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : null,
            }
        );
    }

    async Task StartJob(HttpListenerContext context, JsonElement json)
    {
        foreach (
            var required in new[]
            {
                "ClientToken",
                "DataAccessRoleArn",
                "InputDataConfig",
                "OutputDataConfig",
                "SourceLanguageCode",
                "TargetLanguageCodes",
            }
        )
            if (!json.TryGetProperty(required, out _))
            {
                await Reply(
                    context,
                    400,
                    new
                    {
                        __type = "ValidationException",
                        message = $"1 validation error detected: Value null at '{required}' failed to satisfy "
                            + "constraint: Member must not be null",
                    }
                );
                return;
            }
        var inputUri = json.GetProperty("InputDataConfig").GetProperty("S3Uri").GetString()!;
        var input = S3Location.Parse(inputUri);
        if (input.Key.Trim('/').Length == 0)
        {
            await Reply(
                context,
                400,
                new
                {
                    __type = "InvalidRequestException",
                    message = "The input S3 URI must be a folder, not the bucket root.",
                }
            );
            return;
        }
        if (json.TryGetProperty("ParallelDataNames", out var names) && names.GetArrayLength() > 1)
        {
            await Reply(
                context,
                400,
                new { __type = "InvalidRequestException", message = "Only one parallel data resource per job." }
            );
            return;
        }
        var token = json.GetProperty("ClientToken").GetString()!;
        // Idempotent by client token: the same token starts no second job.
        var existing = jobs.Values.FirstOrDefault(j => j.Request.GetProperty("ClientToken").GetString() == token);
        if (existing != null)
        {
            await Reply(context, 200, new { JobId = existing.Id, JobStatus = "SUBMITTED" });
            return;
        }
        var keys = await s3!.ListKeysAsync(input);
        var job = new Job
        {
            Id = Guid.NewGuid().ToString("N"),
            Name = json.GetProperty("JobName").GetString() ?? "",
            Request = json,
            InputUri = inputUri,
            OutputUri = json.GetProperty("OutputDataConfig").GetProperty("S3Uri").GetString()!,
            InputDocuments = keys.Count,
            Targets = json.GetProperty("TargetLanguageCodes").EnumerateArray().Select(t => t.GetString()!).ToList(),
            Sequence = Interlocked.Increment(ref sequence),
        };
        if (FailNextJob)
        {
            FailNextJob = false;
            job.FinalStatus = "FAILED";
            job.Message = "Failed to read the input documents.";
        }
        jobs[job.Id] = job;
        await Reply(context, 200, new { JobId = job.Id, JobStatus = "SUBMITTED" });
    }

    /// <summary>Moves a job on, as time (or polls) pass: SUBMITTED, IN_PROGRESS, then COMPLETED (the output written
    /// then, where the documentation says:
    /// &lt;output&gt;/&lt;account&gt;-TranslateText-&lt;jobId&gt;/&lt;lang&gt;.&lt;file&gt;, and
    /// details/&lt;lang&gt;.auxiliary-translation-details.json with the characters translated) or FAILED; a stop
    /// request ends it STOPPED with no output.</summary>
    async Task Advance(Job job)
    {
        if (job.Status is "COMPLETED" or "COMPLETED_WITH_ERROR" or "FAILED" or "STOPPED")
        {
            job.Polls++;
            return;
        }
        if (job.StopRequested)
        {
            job.Status = "STOPPED";
            return;
        }
        bool done =
            InProgressPolls is { } n ? job.Polls >= n
            : JobDuration is { } d ? DateTime.UtcNow - job.Started >= d
            : job.Polls >= 2;
        job.Status =
            done ? job.FinalStatus
            : JobDuration is { } d2 ? (DateTime.UtcNow - job.Started < d2 / 20 ? "SUBMITTED" : "IN_PROGRESS")
            : job.Polls == 0 ? "SUBMITTED"
            : "IN_PROGRESS";
        job.Polls++;
        if (job.Status != "COMPLETED")
            return;
        var damage = DamageNextJob;
        DamageNextJob = false;
        var input = S3Location.Parse(job.InputUri);
        var output = S3Location.Parse(job.OutputUri);
        var outFolder = $"{output.Key.TrimEnd('/')}/{Account}-TranslateText-{job.Id}/";
        foreach (var lang in job.Targets)
        {
            long characters = 0;
            foreach (var key in await s3!.ListKeysAsync(input))
            {
                var html = await s3.GetTextAsync(input with { Key = key });
                characters += TranslatableCharacters(html);
                var translated = FakeTranslate(html, lang);
                if (damage)
                    translated = new Regex(@"(<span translate=""no""[^>]*>)[^<]*(</span>)").Replace(
                        translated,
                        "$1damaged$2",
                        1
                    );
                await s3.PutTextAsync(
                    output with
                    {
                        Key = outFolder + $"{lang}.{Path.GetFileName(key)}",
                    },
                    translated,
                    "text/html"
                );
            }
            await s3.PutTextAsync(
                output with
                {
                    Key = outFolder + $"details/{lang}.auxiliary-translation-details.json",
                },
                JsonSerializer.Serialize(
                    new
                    {
                        sourceLanguageCode = "en",
                        targetLanguageCode = lang,
                        charactersTranslated = characters.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        documentCountWithCustomerError = "0",
                        documentCountWithServerError = "0",
                        inputDataPrefix = job.InputUri,
                        outputDataPrefix = $"s3://{output.Bucket}/{outFolder}",
                    }
                ),
                "application/json"
            );
        }
    }

    /// <summary>The characters the fake counts as translated: text outside tags and outside translate="no"
    /// spans.</summary>
    public static long TranslatableCharacters(string html) =>
        Regex
            .Matches(html, @"(<span translate=""no""[^>]*>.*?</span>)|(<[^>]+>)|([^<]+)", RegexOptions.Singleline)
            .Where(m => m.Groups[3].Success)
            .Sum(m => (long)m.Value.Trim().Length);

    async Task PutParallelData(HttpListenerContext context, string operation, JsonElement json)
    {
        var name = json.GetProperty("Name").GetString()!;
        var config = json.GetProperty("ParallelDataConfig");
        var format = config.GetProperty("Format").GetString() ?? "";
        string? file = null;
        try
        {
            file = await s3!.GetTextAsync(S3Location.Parse(config.GetProperty("S3Uri").GetString()!));
        }
        catch (Amts.Bot.Errors.AmtsException) { }
        // The import runs after the call returns; its outcome is decided here from the file, as the service would find
        // it.
        var outcome =
            file == null
                ? (false, 0L, 0L, (string?)"The input file could not be read from Amazon S3.")
                : ParallelDataImport.Check(file, format);
        if (FailNextImport is { } failure)
        {
            FailNextImport = null;
            outcome = (false, 0, 0, failure);
        }
        if (operation == "CreateParallelData")
        {
            if (parallelData.ContainsKey(name))
            {
                await Reply(
                    context,
                    400,
                    new
                    {
                        __type = "ConflictException",
                        message = $"A parallel data resource named {name} already exists.",
                    }
                );
                return;
            }
            parallelData[name] = new ParallelData
            {
                Name = name,
                Status = "CREATING",
                Pending = outcome,
            };
            await Reply(context, 200, new { Name = name, Status = "CREATING" });
            return;
        }
        if (!parallelData.TryGetValue(name, out var pd))
        {
            await Reply(
                context,
                400,
                new
                {
                    __type = "ResourceNotFoundException",
                    message = "The resource you are looking for has not been found.",
                }
            );
            return;
        }
        if (pd.Status is not ("ACTIVE" or "FAILED") || pd.LatestUpdate == "UPDATING")
        {
            await Reply(
                context,
                400,
                new
                {
                    __type = "ConflictException",
                    message = $"{name} is {pd.Status}; it can be updated only when ACTIVE or FAILED.",
                }
            );
            return;
        }
        // An update: Status keeps the previous data's status; LatestUpdateAttemptStatus tracks the update.
        pd.LatestUpdate = "UPDATING";
        pd.Pending = outcome;
        await Reply(
            context,
            200,
            new
            {
                Name = name,
                pd.Status,
                LatestUpdateAttemptStatus = "UPDATING",
            }
        );
    }

    /// <summary>Wraps every run of text outside tags in [lang]…; tags and the content of translate="no" spans
    /// stay.</summary>
    public static string FakeTranslate(string html, string language) =>
        Regex.Replace(
            html,
            @"(<span translate=""no""[^>]*>.*?</span>)|(<[^>]+>)|([^<]+)",
            m => m.Groups[3].Success && m.Value.Trim().Length > 0 ? $"[{language}]{m.Value}" : m.Value,
            RegexOptions.Singleline
        );

    (string Code, string Message)? VerifySignature(HttpListenerRequest request, byte[] body)
    {
        var auth = request.Headers["Authorization"];
        if (auth == null)
            return ("MissingAuthenticationTokenException", "Missing Authentication Token");
        var m = AuthorizationFormat().Match(auth);
        if (!m.Success)
            return (
                "IncompleteSignatureException",
                "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders'"
            );
        if (m.Groups["key"].Value != accessKey)
            return ("UnrecognizedClientException", "The security token included in the request is invalid.");
        if (request.Headers["X-Amz-Security-Token"] is { } token && ExpiredTokens.Contains(token))
            return ("ExpiredTokenException", "The security token included in the request is expired");
        var amzDate = request.Headers["X-Amz-Date"];
        if (amzDate == null || !amzDate.StartsWith(m.Groups["date"].Value))
            return ("IncompleteSignatureException", "X-Amz-Date is missing or does not match the credential scope");
        var headers = m.Groups["signed"]
            .Value.Split(';')
            .Select(h => new KeyValuePair<string, string>(h, request.Headers[h] ?? ""))
            .ToList();
        var (canonical, signed) = SigV4.CanonicalRequest(
            new SignableRequest("POST", request.Url!, headers, body),
            doubleEncodePath: true
        );
        var time = DateTime.ParseExact(
            amzDate,
            "yyyyMMdd'T'HHmmss'Z'",
            System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal
        );
        var expected = SigV4.Authorization(
            canonical,
            signed,
            accessKey,
            secretKey,
            m.Groups["region"].Value,
            "translate",
            time
        );
        return expected == auth
            ? null
            : (
                "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided."
            );
    }

    static async Task Reply(HttpListenerContext context, int status, object body)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    public void Dispose()
    {
        stop.Cancel();
        LoopbackListener.Close(listener);
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException) { }
    }
}
