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

    readonly HttpListener listener = new();
    readonly CancellationTokenSource stop = new();
    readonly Task loop;
    int throttleNext;
    public readonly ConcurrentQueue<(string Operation, JsonElement Body)> Calls = new();
    public Uri Endpoint { get; }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[a-z0-9-]+)/translate/aws4_request, SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=(?<sig>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationFormat();

    public FakeTranslateService()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(Endpoint.ToString());
        listener.Start();
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
            default:
                await Reply(context, 400, new { __type = "UnknownOperationException", message = $"{operation} is not served by this fake" });
                return;
        }
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
        if (m.Groups["key"].Value != AccessKey) return ("UnrecognizedClientException", "The security token included in the request is invalid.");
        var amzDate = request.Headers["X-Amz-Date"];
        if (amzDate == null || !amzDate.StartsWith(m.Groups["date"].Value)) return ("IncompleteSignatureException", "X-Amz-Date is missing or does not match the credential scope");
        var headers = m.Groups["signed"].Value.Split(';').Select(h => new KeyValuePair<string, string>(h, request.Headers[h] ?? "")).ToList();
        var (canonical, signed) = SigV4.CanonicalRequest(new SignableRequest("POST", request.Url!, headers, body), doubleEncodePath: true);
        var time = DateTime.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
        var expected = SigV4.Authorization(canonical, signed, AccessKey, SecretKey, m.Groups["region"].Value, "translate", time);
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
        listener.Stop();
        listener.Close();
        try { loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
