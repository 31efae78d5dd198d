using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amts.Bot.Errors;

namespace Amts.Bot.Translation.Aws;

/// <summary>An <c>s3://bucket/key</c> address.</summary>
internal readonly record struct S3Location(string Bucket, string Key)
{
    public override string ToString() => $"s3://{Bucket}/{Key}";

    public static S3Location Parse(string uri)
    {
        if (!uri.StartsWith("s3://"))
            throw new ArgumentException($"not an s3:// address: {uri}");
        var rest = uri[5..];
        int slash = rest.IndexOf('/');
        return slash < 0 ? new(rest, "") : new(rest[..slash], rest[(slash + 1)..]);
    }
}

/// <summary>S3 through AWSSDK.S3: text objects up and down, listing by prefix. With an overridden endpoint
/// (<c>AWS_ENDPOINT_URL_S3</c> / <c>AWS_ENDPOINT_URL</c>) addressing is path-style, as S3-compatible servers
/// expect.</summary>
internal sealed class S3Store(IAmazonS3 s3)
{
    public static S3Store Create(
        string region,
        AWSCredentials? credentials = null,
        IDictionary<string, string?>? environment = null
    )
    {
        string? Env(string name) =>
            environment != null
                ? environment.TryGetValue(name, out var v)
                    ? v
                    : null
                : Environment.GetEnvironmentVariable(name);
        // The SDK's standard retry mode (3 attempts, jittered exponential backoff capped at 20 s), as for Translate.
        var config = new AmazonS3Config
        {
            RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region),
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = 2,
        };
        var endpoint = Env("AWS_ENDPOINT_URL_S3") ?? Env("AWS_ENDPOINT_URL");
        if (endpoint != null)
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region;
        }
        return new S3Store(credentials == null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config));
    }

    public Task PutTextAsync(S3Location at, string content, string contentType, CancellationToken ct = default) =>
        AwsErrors.Call($"S3 PutObject {at}", () => s3.PutObjectAsync(
                new PutObjectRequest
                {
                    BucketName = at.Bucket,
                    Key = at.Key,
                    ContentBody = content,
                    ContentType = contentType,
                    UseChunkEncoding = false, // S3-compatible stand-ins (s3rver) do not speak aws-chunked
                },
                ct
            ));

    public Task<string> GetTextAsync(S3Location at, CancellationToken ct = default) =>
        AwsErrors.Call($"S3 GetObject {at}", async () =>
        {
            using var response = await s3.GetObjectAsync(at.Bucket, at.Key, ct);
            using var reader = new StreamReader(response.ResponseStream, Encoding.UTF8);
            return await reader.ReadToEndAsync(ct);
        });

    /// <summary>The text of an object, or null when there is no such key.</summary>
    public async Task<string?> TryGetTextAsync(S3Location at, CancellationToken ct = default)
    {
        try
        {
            return await GetTextAsync(at, ct);
        }
        catch (AmtsException e) when (e.InnerException is AmazonS3Exception { ErrorCode: "NoSuchKey" })
        {
            return null;
        }
    }

    public Task<List<string>> ListKeysAsync(S3Location prefix, CancellationToken ct = default) =>
        AwsErrors.Call($"S3 ListObjectsV2 {prefix}", async () =>
        {
            var keys = new List<string>();
            string? token = null;
            do
            {
                var page = await s3.ListObjectsV2Async(
                    new ListObjectsV2Request
                    {
                        BucketName = prefix.Bucket,
                        Prefix = prefix.Key,
                        ContinuationToken = token,
                    },
                    ct
                );
                keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
                token = page.IsTruncated == true ? page.NextContinuationToken : null;
            } while (token != null);
            return keys;
        });

    /// <summary>Pre-flight: the bucket exists and this identity may list it (one ListObjectsV2 of at most one
    /// key).</summary>
    public Task CheckReachableAsync(S3Location folder, CancellationToken ct = default) =>
        AwsErrors.Call($"S3 ListObjectsV2 {folder} (pre-flight)", () => s3.ListObjectsV2Async(
                new ListObjectsV2Request
                {
                    BucketName = folder.Bucket,
                    Prefix = folder.Key,
                    MaxKeys = 1,
                },
                ct
            ));

    /// <summary>Deletes every object under a prefix; returns how many.</summary>
    public async Task<int> DeletePrefixAsync(S3Location prefix, CancellationToken ct = default)
    {
        var keys = await ListKeysAsync(prefix, ct);
        foreach (var key in keys)
            await AwsErrors.Call($"S3 DeleteObject s3://{prefix.Bucket}/{key}", () =>
                s3.DeleteObjectAsync(prefix.Bucket, key, ct)
            );
        return keys.Count;
    }
}

/// <summary>Folder prefixes in a bucket as users type them: "/", "a/b/", "/a//b" all mean a folder; normalised to
/// "a/b" (or "" for the bucket root) so that keys never start with a slash or hold an empty segment.</summary>
internal static class S3Prefix
{
    public static string Normalize(string? prefix) =>
        string.Join(
            '/',
            (prefix ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        );

    /// <summary>A key under a normalised prefix.</summary>
    public static string Key(string? prefix, string name) =>
        Normalize(prefix) is { Length: > 0 } p ? $"{p}/{name}" : name;
}
