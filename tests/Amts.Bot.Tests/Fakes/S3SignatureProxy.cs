using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Amts.Bot.Translation.Aws;

namespace Amts.Bot.Tests.Fakes;

/// <summary>
/// A reverse proxy in front of s3rver that checks each request as S3 does before passing it on: a SigV4
/// <c>Authorization</c> header for service <c>s3</c> with the known access key (else InvalidAccessKeyId), a session
/// token that is not expired (else ExpiredToken), <c>x-amz-content-sha256</c> equal to the payload's hash or
/// UNSIGNED-PAYLOAD (else XAmzContentSHA256Mismatch), and the signature recomputed from the canonical request
/// (path not double-encoded, as S3 does) (else SignatureDoesNotMatch). Errors are S3's XML.
/// </summary>
public sealed partial class S3SignatureProxy : IDisposable
{
    readonly HttpListener listener;
    readonly Uri upstream;
    readonly string accessKey,
        secretKey;
    readonly HttpClient http = new(new HttpClientHandler { AllowAutoRedirect = false });
    readonly Task loop;
    public Uri Endpoint { get; }
    public HashSet<string> ExpiredTokens { get; } = ["expired-session-token"];
    public int Verified;
    public readonly ConcurrentQueue<string> Refused = new();

    [GeneratedRegex(
        @"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[a-z0-9-]+)/s3/aws4_request, "
            + @"?SignedHeaders=(?<signed>[a-z0-9;-]+), ?Signature=(?<sig>[0-9a-f]{64})$"
    )]
    private static partial Regex AuthorizationFormat();

    public S3SignatureProxy(Uri upstream, string accessKey, string secretKey)
    {
        this.upstream = upstream;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        (listener, var port) = LoopbackListener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        loop = Task.Run(Serve);
    }

    async Task Serve()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception)
            {
                return;
            }
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
                        await Error(context, 500, "InternalError", e.Message);
                    }
                    catch (Exception) { }
                }
            });
        }
    }

    async Task Handle(HttpListenerContext context)
    {
        var request = context.Request;
        using var ms = new MemoryStream();
        await request.InputStream.CopyToAsync(ms);
        var body = ms.ToArray();
        var refusal = Check(request, body);
        if (refusal != null)
        {
            Refused.Enqueue($"{request.HttpMethod} {request.RawUrl}: {refusal.Value.Code}");
            await Error(context, refusal.Value.Status, refusal.Value.Code, refusal.Value.Message);
            return;
        }
        Interlocked.Increment(ref Verified);
        using var forward = new HttpRequestMessage(
            new HttpMethod(request.HttpMethod),
            new Uri(upstream, request.RawUrl)
        );
        if (body.Length > 0 || request.HttpMethod is "PUT" or "POST")
            forward.Content = new ByteArrayContent(body);
        foreach (string name in request.Headers)
        {
            if (name is "Host" or "Content-Length" or "Connection" or "Expect" or "Transfer-Encoding")
                continue;
            var value = request.Headers[name]!;
            if (!forward.Headers.TryAddWithoutValidation(name, value))
                forward.Content?.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await http.SendAsync(forward);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (name is "Transfer-Encoding" or "Connection" or "Content-Length" or "Keep-Alive")
                continue;
            context.Response.Headers[name] = string.Join(",", values);
        }
        if (request.HttpMethod == "HEAD")
        {
            if (response.Content.Headers.ContentLength is { } len)
                context.Response.ContentLength64 = len;
            context.Response.Close();
            return;
        }
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    (int Status, string Code, string Message)? Check(HttpListenerRequest request, byte[] body)
    {
        var auth = request.Headers["Authorization"];
        if (auth == null)
            return (403, "AccessDenied", "Anonymous access is forbidden for this operation");
        var m = AuthorizationFormat().Match(auth);
        if (!m.Success)
            return (400, "AuthorizationHeaderMalformed", "The authorization header is malformed");
        if (m.Groups["key"].Value != accessKey)
            return (403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
        if (request.Headers["x-amz-security-token"] is { } token && ExpiredTokens.Contains(token))
            return (400, "ExpiredToken", "The provided token has expired.");
        var amzDate = request.Headers["x-amz-date"];
        if (amzDate == null || !amzDate.StartsWith(m.Groups["date"].Value))
            return (403, "AccessDenied", "x-amz-date is missing or does not match the credential scope");
        var payloadHash = request.Headers["x-amz-content-sha256"];
        var actual = Convert.ToHexStringLower(SHA256.HashData(body));
        if (payloadHash == null)
            return (400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
        if (payloadHash != "UNSIGNED-PAYLOAD" && payloadHash != actual)
            return (
                400,
                "XAmzContentSHA256Mismatch",
                "The provided 'x-amz-content-sha256' header does not match what was computed."
            );
        var headers = m.Groups["signed"]
            .Value.Split(';')
            .Select(h => new KeyValuePair<string, string>(h, request.Headers[h] ?? ""))
            .ToList();
        var uri = new Uri($"http://{request.Headers["Host"]}{request.RawUrl}");
        var (canonical, signed) = SigV4.CanonicalRequest(
            new SignableRequest(request.HttpMethod, uri, headers, body),
            doubleEncodePath: false
        );
        canonical = canonical[..(canonical.LastIndexOf('\n') + 1)] + payloadHash;
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
            "s3",
            time
        );
        var expectedSig = expected[(expected.LastIndexOf('=') + 1)..];
        return expectedSig == m.Groups["sig"].Value
            ? null
            : (
                403,
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your key and "
                    + "signing method."
            );
    }

    static async Task Error(HttpListenerContext context, int status, string code, string message)
    {
        var xml =
            "<?xml version=\"1.0\" "
            + $"encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{WebUtility.HtmlEncode(message)}</Message>"
            + "<RequestId>amts-proxy</RequestId></Error>";
        var bytes = System.Text.Encoding.UTF8.GetBytes(xml);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/xml";
        if (context.Request.HttpMethod != "HEAD")
        {
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
        }
        context.Response.Close();
    }

    public void Dispose()
    {
        LoopbackListener.Close(listener);
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException) { }
        http.Dispose();
    }
}
