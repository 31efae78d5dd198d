using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Amts.Bot.Translation.Aws;

/// <summary>What a request looks like to the signer: method, absolute URI, headers (a Host header is derived from the
/// URI when absent) and the payload.</summary>
internal sealed record SignableRequest(
    string Method,
    Uri Uri,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Payload
);

/// <summary>
/// AWS Signature Version 4. The canonical request is built here (so its rules are ours, visible and tested against
/// the official test-suite vectors), and so are the key derivation and the signature: HMAC-SHA256 of the BCL, as the
/// AWS General Reference documents them ("Create a signature for an AWS API request", steps 3 and 4).
/// </summary>
internal static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The headers to add to a request: <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> (with a session
    /// token; it is signed too), and <c>Authorization</c>.</summary>
    public static List<KeyValuePair<string, string>> Sign(
        SignableRequest request,
        string accessKey,
        string secretKey,
        string? sessionToken,
        string region,
        string service,
        DateTime utcNow
    )
    {
        var amzDate = utcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var added = new List<KeyValuePair<string, string>> { new("X-Amz-Date", amzDate) };
        if (!string.IsNullOrEmpty(sessionToken))
            added.Add(new("X-Amz-Security-Token", sessionToken));
        var headers = request.Headers.Concat(added).ToList();
        if (!headers.Any(h => h.Key.Equals("host", StringComparison.OrdinalIgnoreCase)))
            headers.Add(
                new("Host", request.Uri.IsDefaultPort ? request.Uri.Host : $"{request.Uri.Host}:{request.Uri.Port}")
            );
        var (canonical, signedHeaders) = CanonicalRequest(
            request with
            {
                Headers = headers,
            },
            doubleEncodePath: service != "s3"
        );
        added.Add(
            new("Authorization", Authorization(canonical, signedHeaders, accessKey, secretKey, region, service, utcNow))
        );
        return added;
    }

    public static string Authorization(
        string canonicalRequest,
        string signedHeaders,
        string accessKey,
        string secretKey,
        string region,
        string service,
        DateTime utcNow
    )
    {
        var date = utcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var toSign =
            $"{Algorithm}\n{utcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}\n{scope}\n"
            + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));
        var signature = Hex(
            HMACSHA256.HashData(SigningKey(secretKey, utcNow, region, service), Encoding.UTF8.GetBytes(toSign))
        );
        return $"{Algorithm} Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
    }

    /// <summary>The signing key: HMAC-SHA256 chained over the date, region, service and "aws4_request", starting from
    /// "AWS4" + the secret (AWS General Reference, "Derive a signing key").</summary>
    public static byte[] SigningKey(string secretKey, DateTime utcDate, string region, string service)
    {
        var key = HMACSHA256.HashData(
            Encoding.UTF8.GetBytes("AWS4" + secretKey),
            Encoding.UTF8.GetBytes(utcDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture))
        );
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8.ToArray());
    }

    /// <summary>The canonical request and the signed-header list. Every header given is signed.</summary>
    public static (string Canonical, string SignedHeaders) CanonicalRequest(
        SignableRequest request,
        bool doubleEncodePath
    )
    {
        var headers = request
            .Headers.GroupBy(h => h.Key.ToLowerInvariant())
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Value: string.Join(",", g.Select(h => CollapseSpaces(h.Value)))))
            .ToList();
        var signed = string.Join(";", headers.Select(h => h.Name));
        var sb = new StringBuilder();
        sb.Append(request.Method.ToUpperInvariant()).Append('\n');
        sb.Append(CanonicalPath(request.Uri.AbsolutePath, doubleEncodePath)).Append('\n');
        sb.Append(CanonicalQuery(request.Uri.Query)).Append('\n');
        foreach (var (name, value) in headers)
            sb.Append(name).Append(':').Append(value).Append('\n');
        sb.Append('\n').Append(signed).Append('\n');
        sb.Append(Hex(SHA256.HashData(request.Payload)));
        return (sb.ToString(), signed);
    }

    static string CollapseSpaces(string value) =>
        string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Each path segment URI-encoded; for services other than S3, the already-encoded path is encoded again
    /// (so "/%20/foo" signs as "/%2520/foo").</summary>
    static string CanonicalPath(string absolutePath, bool doubleEncode)
    {
        if (absolutePath.Length == 0)
            return "/";
        var segments = absolutePath.Split('/');
        return string.Join(
            "/",
            segments.Select(s => doubleEncode ? UriEncode(s) : UriEncode(Uri.UnescapeDataString(s)))
        );
    }

    static string CanonicalQuery(string query)
    {
        if (query.Length <= 1)
            return "";
        return string.Join(
            "&",
            query
                .TrimStart('?')
                .Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p =>
                {
                    int eq = p.IndexOf('=');
                    return eq < 0 ? (Key: p, Value: "") : (Key: p[..eq], Value: p[(eq + 1)..]);
                })
                .Select(p =>
                    (Key: UriEncode(Uri.UnescapeDataString(p.Key)), Value: UriEncode(Uri.UnescapeDataString(p.Value)))
                )
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .ThenBy(p => p.Value, StringComparer.Ordinal)
                .Select(p => $"{p.Key}={p.Value}")
        );
    }

    /// <summary>RFC 3986 encoding of everything but the unreserved characters, upper-case hex, of the UTF-8
    /// bytes.</summary>
    public static string UriEncode(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            char c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
                sb.Append(c);
            else
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
