using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
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
public sealed partial class FakeTranslateService : IDisposable
{
    public const string AccessKey = "AKIDFAKETRANSLATE";
    public const string SecretKey = "fake/secret/key/for/tests";
    readonly string accessKey = AccessKey, secretKey = SecretKey;

    readonly HttpListener listener;
    readonly S3Store? s3;
    readonly ConcurrentDictionary<string, Job> jobs = new();
    readonly ConcurrentDictionary<string, ParallelData> parallelData = new();
    public bool FailNextJob { get; set; }
    public const string Account = "123456789012";

    sealed class Job
    {
        public required string Id;
        public required string Name;
        public required string OutputUri;
        public required List<string> Targets;
        public int Polls;
        public string FinalStatus = "COMPLETED";
        public string? Message;
        public required JsonElement Request;
    }

    sealed class ParallelData
    {
        public required string Name;
        public string Status = "CREATING";
        public long Records;
        public string? LatestUpdate;
    }
    readonly CancellationTokenSource stop = new();
    readonly Task loop;
    int throttleNext;
    public readonly ConcurrentQueue<(string Operation, JsonElement Body)> Calls = new();
    public Uri Endpoint { get; }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[a-z0-9-]+)/translate/aws4_request, SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=(?<sig>[0-9a-f]{64})$")]
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

    /// <summary>The next <paramref name="count"/> calls are refused with TooManyRequestsException.</summary>
    public void ThrottleNext(int count) => Interlocked.Exchange(ref throttleNext, count);

    async Task Serve()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception) when (stop.IsCancellationRequested) { return; }
            catch (HttpListenerException) { return; }
            try { await Handle(context); }
            catch (Exception e) { await Reply(context, 500, new { __type = "InternalServerException", message = e.Message }); }
        }
    }

    async Task Handle(HttpListenerContext context)
    {
        var request = context.Request;
        using var ms = new MemoryStream();
        await request.InputStream.CopyToAsync(ms);
        var body = ms.ToArray();
        var target = request.Headers["X-Amz-Target"] ?? "";
        if (request.HttpMethod != "POST" || request.Url!.AbsolutePath != "/" || !target.StartsWith("AWSShineFrontendService_20170701."))
        {
            await Reply(context, 400, new { __type = "UnknownOperationException", message = "unknown operation" });
            return;
        }
        if (!(request.ContentType ?? "").StartsWith("application/x-amz-json-1.1"))
        {
            await Reply(context, 400, new { __type = "SerializationException", message = "content type must be application/x-amz-json-1.1" });
            return;
        }
        var authError = VerifySignature(request, body);
        if (authError != null)
        {
            await Reply(context, 403, new { __type = authError.Value.Code, message = authError.Value.Message });
            return;
        }
        if (Interlocked.Decrement(ref throttleNext) >= 0)
        {
            await Reply(context, 400, new { __type = "com.amazonaws.translate#TooManyRequestsException", message = "You have made too many requests within a short period of time. Wait for a short time and then try your request again." });
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
                    await Reply(context, 400, new { __type = "TextSizeLimitExceededException", message = "Input text size exceeds limit. Max length of request text allowed is 10000 bytes." });
                    return;
                }
                var targetLanguage = json.GetProperty("TargetLanguageCode").GetString()!;
                await Reply(context, 200, new
                {
                    TranslatedText = FakeTranslate(text, targetLanguage),
                    SourceLanguageCode = json.GetProperty("SourceLanguageCode").GetString(),
                    TargetLanguageCode = targetLanguage,
                });
                return;
            }
            case "ImportTerminology":
            {
                var csv = System.Text.Encoding.UTF8.GetString(json.GetProperty("TerminologyData").GetProperty("File").GetBytesFromBase64());
                var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                var langs = rows[0].Split(',');
                await Reply(context, 200, new
                {
                    TerminologyProperties = new { Name = json.GetProperty("Name").GetString(), SourceLanguageCode = langs[0], TargetLanguageCodes = langs[1..], TermCount = rows.Length - 1 },
                });
                return;
            }
            case "StartTextTranslationJob":
                await StartJob(context, json);
                return;
            case "DescribeTextTranslationJob":
            {
                if (!jobs.TryGetValue(json.GetProperty("JobId").GetString()!, out var job))
                {
                    await Reply(context, 400, new { __type = "ResourceNotFoundException", message = "The resource you are looking for has not been found." });
                    return;
                }
                // SUBMITTED, then IN_PROGRESS, then the end: as a real job moves on between polls.
                var status = job.Polls++ switch { 0 => "SUBMITTED", 1 => "IN_PROGRESS", _ => job.FinalStatus };
                await Reply(context, 200, new
                {
                    TextTranslationJobProperties = new
                    {
                        JobId = job.Id, JobName = job.Name, JobStatus = status, Message = status == job.FinalStatus ? job.Message : null,
                        JobDetails = new { TranslatedDocumentsCount = 1, DocumentsWithErrorsCount = job.FinalStatus == "FAILED" ? 1 : 0, InputDocumentsCount = 1 },
                        OutputDataConfig = new { S3Uri = job.OutputUri }, TargetLanguageCodes = job.Targets,
                    },
                });
                return;
            }
            case "CreateParallelData":
            case "UpdateParallelData":
                await PutParallelData(context, operation, json);
                return;
            case "GetParallelData":
            {
                if (!parallelData.TryGetValue(json.GetProperty("Name").GetString()!, out var pd))
                {
                    await Reply(context, 400, new { __type = "ResourceNotFoundException", message = "The resource you are looking for has not been found." });
                    return;
                }
                var status = pd.Status;
                if (pd.Status is "CREATING" or "UPDATING") pd.Status = "ACTIVE"; // ready on the next look
                await Reply(context, 200, new
                {
                    ParallelDataProperties = new
                    {
                        pd.Name, Status = status, SourceLanguageCode = "en", TargetLanguageCodes = new[] { "zh" },
                        ImportedRecordCount = pd.Records, FailedRecordCount = 0, SkippedRecordCount = 0, LatestUpdateAttemptStatus = pd.LatestUpdate,
                    },
                });
                return;
            }
            default:
                await Reply(context, 400, new { __type = "UnknownOperationException", message = $"{operation} is not served by this fake" });
                return;
        }
    }

    async Task StartJob(HttpListenerContext context, JsonElement json)
    {
        foreach (var required in new[] { "ClientToken", "DataAccessRoleArn", "InputDataConfig", "OutputDataConfig", "SourceLanguageCode", "TargetLanguageCodes" })
            if (!json.TryGetProperty(required, out _))
            {
                await Reply(context, 400, new { __type = "ValidationException", message = $"1 validation error detected: Value null at '{required}' failed to satisfy constraint: Member must not be null" });
                return;
            }
        var inputUri = json.GetProperty("InputDataConfig").GetProperty("S3Uri").GetString()!;
        var input = S3Location.Parse(inputUri);
        if (input.Key.Trim('/').Length == 0)
        {
            await Reply(context, 400, new { __type = "InvalidRequestException", message = "The input S3 URI must be a folder, not the bucket root." });
            return;
        }
        if (json.TryGetProperty("ParallelDataNames", out var names) && names.GetArrayLength() > 1)
        {
            await Reply(context, 400, new { __type = "InvalidRequestException", message = "Only one parallel data resource per job." });
            return;
        }
        var token = json.GetProperty("ClientToken").GetString()!;
        // Idempotent by client token: the same token starts no second job.
        var existing = jobs.Values.FirstOrDefault(j => j.Request.GetProperty("ClientToken").GetString() == token);
        if (existing != null) { await Reply(context, 200, new { JobId = existing.Id, JobStatus = "SUBMITTED" }); return; }
        var job = new Job
        {
            Id = Guid.NewGuid().ToString("N"), Name = json.GetProperty("JobName").GetString() ?? "", Request = json,
            OutputUri = json.GetProperty("OutputDataConfig").GetProperty("S3Uri").GetString()!,
            Targets = json.GetProperty("TargetLanguageCodes").EnumerateArray().Select(t => t.GetString()!).ToList(),
        };
        if (FailNextJob)
        {
            FailNextJob = false;
            job.FinalStatus = "FAILED";
            job.Message = "Failed to read the input documents.";
        }
        else
        {
            // Translate now; the output is where the documentation says: <output>/<account>-TranslateText-<jobId>/<lang>.<file>.
            var output = S3Location.Parse(job.OutputUri);
            var outFolder = $"{output.Key.TrimEnd('/')}/{Account}-TranslateText-{job.Id}/";
            var keys = await s3!.ListKeysAsync(input);
            foreach (var lang in job.Targets)
            {
                foreach (var key in keys)
                {
                    var html = await s3.GetTextAsync(input with { Key = key });
                    await s3.PutTextAsync(output with { Key = outFolder + $"{lang}.{Path.GetFileName(key)}" }, FakeTranslate(html, lang), "text/html");
                }
                await s3.PutTextAsync(output with { Key = outFolder + $"details/{lang}.auxiliary-translation-details.json" },
                    JsonSerializer.Serialize(new { sourceLanguageCode = "en", targetLanguageCode = lang, charactersTranslated = 0 }), "application/json");
            }
        }
        jobs[job.Id] = job;
        await Reply(context, 200, new { JobId = job.Id, JobStatus = "SUBMITTED" });
    }

    async Task PutParallelData(HttpListenerContext context, string operation, JsonElement json)
    {
        var name = json.GetProperty("Name").GetString()!;
        var config = json.GetProperty("ParallelDataConfig");
        var file = await s3!.GetTextAsync(S3Location.Parse(config.GetProperty("S3Uri").GetString()!));
        long records = Math.Max(0, file.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - (config.GetProperty("Format").GetString() == "TMX" ? 0 : 1));
        if (config.GetProperty("Format").GetString() == "TMX") records = Regex.Matches(file, "<tu>").Count;
        if (operation == "CreateParallelData")
        {
            if (parallelData.ContainsKey(name))
            {
                await Reply(context, 400, new { __type = "ConflictException", message = $"A parallel data resource named {name} already exists." });
                return;
            }
            parallelData[name] = new ParallelData { Name = name, Records = records };
            await Reply(context, 200, new { Name = name, Status = "CREATING" });
            return;
        }
        if (!parallelData.TryGetValue(name, out var pd))
        {
            await Reply(context, 400, new { __type = "ResourceNotFoundException", message = "The resource you are looking for has not been found." });
            return;
        }
        if (pd.Status is not ("ACTIVE" or "FAILED"))
        {
            await Reply(context, 400, new { __type = "ConflictException", message = $"{name} is {pd.Status}; it can be updated only when ACTIVE or FAILED." });
            return;
        }
        pd.Status = "UPDATING";
        pd.Records = records;
        pd.LatestUpdate = "ACTIVE";
        await Reply(context, 200, new { Name = name, Status = "ACTIVE", LatestUpdateAttemptStatus = "UPDATING" });
    }

    /// <summary>Wraps every run of text outside tags in [lang]…; tags and the content of translate="no" spans stay.</summary>
    public static string FakeTranslate(string html, string language) =>
        Regex.Replace(html, @"(<span translate=""no""[^>]*>.*?</span>)|(<[^>]+>)|([^<]+)", m =>
            m.Groups[3].Success && m.Value.Trim().Length > 0 ? $"[{language}]{m.Value}" : m.Value, RegexOptions.Singleline);

    (string Code, string Message)? VerifySignature(HttpListenerRequest request, byte[] body)
    {
        var auth = request.Headers["Authorization"];
        if (auth == null) return ("MissingAuthenticationTokenException", "Missing Authentication Token");
        var m = AuthorizationFormat().Match(auth);
        if (!m.Success) return ("IncompleteSignatureException", "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders'");
        if (m.Groups["key"].Value != accessKey) return ("UnrecognizedClientException", "The security token included in the request is invalid.");
        var amzDate = request.Headers["X-Amz-Date"];
        if (amzDate == null || !amzDate.StartsWith(m.Groups["date"].Value)) return ("IncompleteSignatureException", "X-Amz-Date is missing or does not match the credential scope");
        var headers = m.Groups["signed"].Value.Split(';').Select(h => new KeyValuePair<string, string>(h, request.Headers[h] ?? "")).ToList();
        var (canonical, signed) = SigV4.CanonicalRequest(new SignableRequest("POST", request.Url!, headers, body), doubleEncodePath: true);
        var time = DateTime.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
        var expected = SigV4.Authorization(canonical, signed, accessKey, secretKey, m.Groups["region"].Value, "translate", time);
        return expected == auth ? null : ("InvalidSignatureException", "The request signature we calculated does not match the signature you provided.");
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
        try { loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
