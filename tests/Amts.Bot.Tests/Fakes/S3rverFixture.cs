using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amts.Bot.Translation.Aws;

namespace Amts.Bot.Tests.Fakes;

/// <summary>
/// s3rver (npm, pinned in tools/package.json; .ci/run installs it) on 127.0.0.1 with a bucket <c>amts-test</c>,
/// behind <see cref="S3SignatureProxy"/>: s3rver accepts any signature, the proxy recomputes every SigV4 signature
/// as S3 does and refuses what S3 would refuse. <see cref="Endpoint"/> is the proxy. A missing s3rver is a failure
/// with the command that installs it, not a skip. s3rver picks up its port only when it starts: a port taken
/// meanwhile (it exits) is retried with another; ready means the bucket answers, not a fixed sleep.
/// </summary>
public sealed class S3rverFixture : IDisposable
{
    public const string Bucket = "amts-test";
    public static readonly BasicAWSCredentials Credentials = new("S3RVER", "S3RVER");
    readonly Process process;
    readonly string data;
    readonly S3SignatureProxy proxy;
    public Uri Endpoint => proxy.Endpoint;
    public Uri DirectEndpoint { get; }
    public S3SignatureProxy Proxy => proxy;

    public S3rverFixture()
    {
        var exe = Path.Combine(TestData.RepoRoot, "tools", "node_modules", ".bin", "s3rver");
        if (!File.Exists(exe))
            throw new InvalidOperationException(
                $"s3rver is not installed: run `npm ci --prefix {Path.Combine(TestData.RepoRoot, "tools")}`"
            );
        data = Path.Combine(Path.GetTempPath(), "amts-s3rver-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        for (int attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var psi = new ProcessStartInfo(exe)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // s3rver makes ListObjectsV2's continuation tokens with DES, which OpenSSL 3 (Node 17 and later) keeps in
            // its legacy provider: without it every truncated listing is a 500 InternalError, where S3 pages.
            psi.Environment["NODE_OPTIONS"] = "--openssl-legacy-provider";
            foreach (
                var a in new[]
                {
                    "-d",
                    data,
                    "-a",
                    "127.0.0.1",
                    "-p",
                    port.ToString(),
                    "--silent",
                    "--configure-bucket",
                    Bucket,
                }
            )
                psi.ArgumentList.Add(a);
            process = Process.Start(psi)!;
            if (WaitReady(port))
            {
                DirectEndpoint = new Uri($"http://127.0.0.1:{port}");
                break;
            }
            try
            {
                if (!process.HasExited)
                    process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException) { }
            process.Dispose();
            if (attempt >= 5)
                throw new InvalidOperationException($"s3rver did not start on 127.0.0.1 (6 ports tried)");
        }
        proxy = new S3SignatureProxy(
            DirectEndpoint,
            Credentials.GetCredentials().AccessKey,
            Credentials.GetCredentials().SecretKey
        );
    }

    /// <summary>Ready when the bucket lists (s3rver configures it right after the port opens); false if s3rver
    /// exited.</summary>
    bool WaitReady(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited)
                return false;
            try
            {
                using var r = http.GetAsync($"http://127.0.0.1:{port}/{Bucket}?list-type=2&max-keys=1")
                    .GetAwaiter()
                    .GetResult();
                if (r.IsSuccessStatusCode)
                    return true;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            Thread.Sleep(50);
        }
        return false;
    }

    internal S3Store Store() =>
        S3Store.Create(
            "us-east-1",
            Credentials,
            new Dictionary<string, string?> { ["AWS_ENDPOINT_URL_S3"] = Endpoint.ToString() }
        );

    /// <summary>A store with other credentials (wrong secret, expired session token) against the signature-checking
    /// proxy.</summary>
    internal S3Store Store(AWSCredentials credentials) =>
        S3Store.Create(
            "us-east-1",
            credentials,
            new Dictionary<string, string?> { ["AWS_ENDPOINT_URL_S3"] = Endpoint.ToString() }
        );

    public void Dispose()
    {
        proxy.Dispose();
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
        process.Dispose();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException) { }
    }
}

[CollectionDefinition("s3rver")]
public sealed class S3rverCollection : ICollectionFixture<S3rverFixture>;
