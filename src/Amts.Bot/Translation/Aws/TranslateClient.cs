using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.Runtime;
using Amts.Bot.Errors;

namespace Amts.Bot.Translation.Aws;

/// <summary>A call the service refused, with its error code (from <c>__type</c>) and message.</summary>
internal sealed class AmazonTranslateException(string operation, HttpStatusCode status, string code, string message)
    : AmtsException(
        ErrorKind.Service,
        $"Amazon Translate {operation} failed: {code} (HTTP {(int)status}): {message}",
        AwsErrors.HintFor(code, operation)
    )
{
    public string Operation { get; } = operation;
    public HttpStatusCode Status { get; } = status;
    public string Code { get; } = code;
}

/// <summary>Where and how to reach Amazon Translate, by the AWS conventions: <c>AWS_REGION</c> (or
/// <c>AWS_DEFAULT_REGION</c>), and the endpoint overrides <c>AWS_ENDPOINT_URL_TRANSLATE</c> /
/// <c>AWS_ENDPOINT_URL</c>.</summary>
internal sealed record AwsEndpoint(string Region, Uri Endpoint)
{
    public static AwsEndpoint ForTranslate(string? region = null, IDictionary<string, string?>? environment = null)
    {
        string? Env(string name) =>
            environment != null
                ? environment.TryGetValue(name, out var v)
                    ? v
                    : null
                : Environment.GetEnvironmentVariable(name);
        region ??= Env("AWS_REGION")
            ?? Env("AWS_DEFAULT_REGION")
            ?? throw AmtsException.Input(
                "no AWS region: set AWS_REGION or pass --region (aws.region in .github/amts.yml)"
            );
        var overridden = Env("AWS_ENDPOINT_URL_TRANSLATE") ?? Env("AWS_ENDPOINT_URL");
        return new AwsEndpoint(region, new Uri(overridden ?? $"https://translate.{region}.amazonaws.com/"));
    }
}

/// <summary>Retries as the AWS SDKs' standard mode does them: throttling and transient errors, connection failures
/// and timeouts; at most <see cref="MaxAttempts"/> attempts (standard mode's default, 3: AWS SDKs and Tools Reference
/// Guide, "Retry behavior"); exponential backoff with full jitter, <c>random(0,1) × base × 2^attempt</c> capped at
/// <see cref="MaxBackoff"/>; the base is 100 ms for transient errors and 500 ms for throttling, the cap 20 s (the
/// standard strategy's constants in the SDKs, e.g. @smithy/util-retry: DEFAULT_RETRY_DELAY_BASE,
/// THROTTLING_RETRY_DELAY_BASE, MAXIMUM_RETRY_DELAY).</summary>
internal sealed record StandardRetries(
    int MaxAttempts = 3,
    TimeSpan? BaseDelay = null,
    TimeSpan? MaxBackoff = null,
    TimeSpan? ThrottlingBaseDelay = null
)
{
    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan DefaultThrottlingBaseDelay = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan DefaultMaxBackoff = TimeSpan.FromSeconds(20);

    static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    };

    static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "RequestTimeout",
        "RequestTimeoutException",
        "InternalServerException",
        "ServiceUnavailableException",
        "ConnectionError",
    };

    public static bool IsThrottling(string code) => ThrottlingCodes.Contains(code);

    public static bool IsRetryable(HttpStatusCode status, string code) =>
        ThrottlingCodes.Contains(code)
        || TransientCodes.Contains(code)
        || status
            is HttpStatusCode.InternalServerError
                or HttpStatusCode.BadGateway
                or HttpStatusCode.ServiceUnavailable
                or HttpStatusCode.GatewayTimeout;

    public TimeSpan Delay(int attempt, bool throttled = false)
    {
        var baseDelay = throttled
            ? ThrottlingBaseDelay ?? BaseDelay ?? DefaultThrottlingBaseDelay
            : BaseDelay ?? DefaultBaseDelay;
        var cap = MaxBackoff ?? DefaultMaxBackoff;
        var ceiling = Math.Min(cap.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, attempt));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }
}

/// <summary>
/// A typed Amazon Translate client on HttpClient (AWSSDK.Translate is not obtainable here): JSON 1.1 over
/// <c>POST /</c> with <c>X-Amz-Target: AWSShineFrontendService_20170701.&lt;Operation&gt;</c>, SigV4-signed with
/// service name <c>translate</c>; errors are <c>{"__type": "...#Code", "message": ...}</c>.
/// </summary>
internal sealed class TranslateClient(
    HttpClient http,
    AwsEndpoint endpoint,
    Func<CancellationToken, Task<ImmutableCredentials>> credentials,
    StandardRetries? retry = null
)
{
    const string TargetPrefix = "AWSShineFrontendService_20170701.";
    static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = true,
    };
    readonly StandardRetries retry = retry ?? new StandardRetries();

    /// <summary>Credentials from AWSSDK.Core's default chain: environment, profile, web identity (GitHub OIDC),
    /// ….</summary>
    public static Func<CancellationToken, Task<ImmutableCredentials>> DefaultCredentials()
    {
        AWSCredentials? resolved = null;
        return async ct =>
        {
            try
            {
                resolved ??= Amazon.Runtime.Credentials.DefaultAWSCredentialsIdentityResolver.GetCredentials();
                return await resolved.GetCredentialsAsync();
            }
            catch (Exception e) when (AwsErrors.IsAws(e))
            {
                resolved = null;
                throw AwsErrors.Map(e, "resolving AWS credentials (environment, profile, web identity)");
            }
        };
    }

    public Task<TranslateTextResponse> TranslateTextAsync(TranslateTextRequest r, CancellationToken ct = default)
    {
        if (Encoding.UTF8.GetByteCount(r.Text) > TranslateLimits.TranslateTextBytes)
            throw new ArgumentException(
                $"TranslateText takes at most {TranslateLimits.TranslateTextBytes} bytes of UTF-8; this text has "
                    + $"{Encoding.UTF8.GetByteCount(r.Text)}"
            );
        return CallAsync<TranslateTextRequest, TranslateTextResponse>("TranslateText", r, ct);
    }

    public Task<StartTextTranslationJobResponse> StartTextTranslationJobAsync(
        StartTextTranslationJobRequest r,
        CancellationToken ct = default
    ) => CallAsync<StartTextTranslationJobRequest, StartTextTranslationJobResponse>("StartTextTranslationJob", r, ct);

    public Task<DescribeTextTranslationJobResponse> DescribeTextTranslationJobAsync(
        DescribeTextTranslationJobRequest r,
        CancellationToken ct = default
    ) =>
        CallAsync<DescribeTextTranslationJobRequest, DescribeTextTranslationJobResponse>(
            "DescribeTextTranslationJob",
            r,
            ct
        );

    public Task<ListTextTranslationJobsResponse> ListTextTranslationJobsAsync(
        ListTextTranslationJobsRequest r,
        CancellationToken ct = default
    ) => CallAsync<ListTextTranslationJobsRequest, ListTextTranslationJobsResponse>("ListTextTranslationJobs", r, ct);

    /// <summary>The region the client signs for (and whose endpoint it calls).</summary>
    public string Region => endpoint.Region;

    public Task<StopTextTranslationJobResponse> StopTextTranslationJobAsync(
        StopTextTranslationJobRequest r,
        CancellationToken ct = default
    ) => CallAsync<StopTextTranslationJobRequest, StopTextTranslationJobResponse>("StopTextTranslationJob", r, ct);

    public Task<GetTerminologyResponse> GetTerminologyAsync(GetTerminologyRequest r, CancellationToken ct = default) =>
        CallAsync<GetTerminologyRequest, GetTerminologyResponse>("GetTerminology", r, ct);

    public Task<CreateParallelDataResponse> CreateParallelDataAsync(
        CreateParallelDataRequest r,
        CancellationToken ct = default
    ) => CallAsync<CreateParallelDataRequest, CreateParallelDataResponse>("CreateParallelData", r, ct);

    public Task<UpdateParallelDataResponse> UpdateParallelDataAsync(
        UpdateParallelDataRequest r,
        CancellationToken ct = default
    ) => CallAsync<UpdateParallelDataRequest, UpdateParallelDataResponse>("UpdateParallelData", r, ct);

    public Task<GetParallelDataResponse> GetParallelDataAsync(
        GetParallelDataRequest r,
        CancellationToken ct = default
    ) => CallAsync<GetParallelDataRequest, GetParallelDataResponse>("GetParallelData", r, ct);

    public Task<ImportTerminologyResponse> ImportTerminologyAsync(
        ImportTerminologyRequest r,
        CancellationToken ct = default
    ) => CallAsync<ImportTerminologyRequest, ImportTerminologyResponse>("ImportTerminology", r, ct);

    async Task<TResponse> CallAsync<TRequest, TResponse>(string operation, TRequest request, CancellationToken ct)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, Json);
        for (int attempt = 0; ; attempt++)
        {
            HttpResponseMessage? response = null;
            try
            {
                // Signed anew on every attempt: the date is part of the signature.
                using var message = await SignedRequest(operation, body, ct);
                response = await http.SendAsync(message, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                if (response.IsSuccessStatusCode)
                    return JsonSerializer.Deserialize<TResponse>(text, Json)
                        ?? throw new AmazonTranslateException(
                            operation,
                            response.StatusCode,
                            "EmptyResponse",
                            "the response had no body"
                        );
                var (code, errorMessage) = ParseError(text, response);
                if (attempt + 1 < retry.MaxAttempts && StandardRetries.IsRetryable(response.StatusCode, code))
                {
                    await Task.Delay(retry.Delay(attempt, StandardRetries.IsThrottling(code)), ct);
                    continue;
                }
                throw new AmazonTranslateException(operation, response.StatusCode, code, errorMessage);
            }
            catch (Exception e)
                when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                if (attempt + 1 >= retry.MaxAttempts)
                    throw new AmazonTranslateException(
                        operation,
                        0,
                        "ConnectionError",
                        $"{e.Message} (after {attempt + 1} attempts)"
                    );
                await Task.Delay(retry.Delay(attempt), ct);
            }
            finally
            {
                response?.Dispose();
            }
        }
    }

    async Task<HttpRequestMessage> SignedRequest(string operation, byte[] body, CancellationToken ct)
    {
        ImmutableCredentials creds;
        try
        {
            creds = await credentials(ct);
        }
        catch (AmtsException e)
        {
            throw new AmtsException(e.Kind, $"Amazon Translate {operation}: {e.Message}", e.Hint, e);
        }
        var target = TargetPrefix + operation;
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Content-Type", "application/x-amz-json-1.1"),
            new("X-Amz-Target", target),
        };
        var added = SigV4.Sign(
            new SignableRequest("POST", endpoint.Endpoint, headers, body),
            creds.AccessKey,
            creds.SecretKey,
            creds.UseToken ? creds.Token : null,
            endpoint.Region,
            "translate",
            DateTime.UtcNow
        );
        var message = new HttpRequestMessage(HttpMethod.Post, endpoint.Endpoint)
        {
            Content = new ByteArrayContent(body),
        };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        message.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        foreach (var (k, v) in added)
            message.Headers.TryAddWithoutValidation(k, v);
        return message;
    }

    static (string Code, string Message) ParseError(string body, HttpResponseMessage response)
    {
        string code = response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.First() : "";
        string message = body;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("__type", out var t))
                code = t.GetString() ?? code;
            foreach (var name in new[] { "message", "Message" })
                if (doc.RootElement.TryGetProperty(name, out var m))
                {
                    message = m.GetString() ?? "";
                    break;
                }
        }
        catch (JsonException) { }
        code = code.Split(':')[0];
        int hash = code.LastIndexOf('#');
        return (
            hash >= 0 ? code[(hash + 1)..]
            : code.Length > 0 ? code
            : $"Http{(int)response.StatusCode}",
            message
        );
    }
}
