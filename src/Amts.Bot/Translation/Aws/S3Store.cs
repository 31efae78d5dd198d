using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Amts.Bot.Translation.Aws;

/// <summary>An <c>s3://bucket/key</c> address.</summary>
public readonly record struct S3Location(string Bucket, string Key)
{
    public override string ToString() => $"s3://{Bucket}/{Key}";

    public static S3Location Parse(string uri)
    {
        if (!uri.StartsWith("s3://")) throw new ArgumentException($"not an s3:// address: {uri}");
        var rest = uri[5..];
        int slash = rest.IndexOf('/');
        return slash < 0 ? new(rest, "") : new(rest[..slash], rest[(slash + 1)..]);
    }
}

/// <summary>S3 through AWSSDK.S3: text objects up and down, listing by prefix. With an overridden endpoint
/// (<c>AWS_ENDPOINT_URL_S3</c> / <c>AWS_ENDPOINT_URL</c>) addressing is path-style, as S3-compatible servers expect.</summary>
public sealed class S3Store(IAmazonS3 s3)
{
    public static S3Store Create(string region, AWSCredentials? credentials = null, IDictionary<string, string?>? environment = null)
    {
        string? Env(string name) => environment != null ? environment.TryGetValue(name, out var v) ? v : null : Environment.GetEnvironmentVariable(name);
        var config = new AmazonS3Config { RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region) };
        var endpoint = Env("AWS_ENDPOINT_URL_S3") ?? Env("AWS_ENDPOINT_URL");
        if (endpoint != null)
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region;
        }
        return new S3Store(credentials == null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config));
    }

    public async Task PutTextAsync(S3Location at, string content, string contentType, CancellationToken ct = default)
    {
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = at.Bucket, Key = at.Key, ContentBody = content, ContentType = contentType,
            UseChunkEncoding = false, // S3-compatible stand-ins (s3rver) do not speak aws-chunked
        }, ct);
    }

    public async Task<string> GetTextAsync(S3Location at, CancellationToken ct = default)
    {
        using var response = await s3.GetObjectAsync(at.Bucket, at.Key, ct);
        using var reader = new StreamReader(response.ResponseStream, Encoding.UTF8);
        return await reader.ReadToEndAsync(ct);
    }

    public async Task<List<string>> ListKeysAsync(S3Location prefix, CancellationToken ct = default)
    {
        var keys = new List<string>();
        string? token = null;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = prefix.Bucket, Prefix = prefix.Key, ContinuationToken = token }, ct);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        } while (token != null);
        return keys;
    }
}
