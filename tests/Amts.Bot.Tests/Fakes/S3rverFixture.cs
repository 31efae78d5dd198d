using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amts.Bot.Translation.Aws;

namespace Amts.Bot.Tests.Fakes;

/// <summary>
/// s3rver (npm, pinned in tools/package.json; .ci/run installs it) on 127.0.0.1 with a bucket <c>amts-test</c>.
/// A missing s3rver is a failure with the command that installs it, not a skip.
/// </summary>
public sealed class S3rverFixture : IDisposable
{
    public const string Bucket = "amts-test";
    public static readonly BasicAWSCredentials Credentials = new("S3RVER", "S3RVER");
    readonly Process process;
    readonly string data;
    public Uri Endpoint { get; }

    public S3rverFixture()
    {
        var exe = Path.Combine(TestData.RepoRoot, "tools", "node_modules", ".bin", "s3rver");
        if (!File.Exists(exe)) throw new InvalidOperationException($"s3rver is not installed: run `npm ci --prefix {Path.Combine(TestData.RepoRoot, "tools")}`");
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        data = Path.Combine(Path.GetTempPath(), "amts-s3rver-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-d", data, "-a", "127.0.0.1", "-p", port.ToString(), "--silent", "--configure-bucket", Bucket }) psi.ArgumentList.Add(a);
        process = Process.Start(psi)!;
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var c = new TcpClient();
                c.Connect(IPAddress.Loopback, port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < until && !process.HasExited) { Thread.Sleep(100); }
        }
        Thread.Sleep(300); // the bucket is configured right after the port opens
    }

    public S3Store Store() => S3Store.Create("us-east-1", Credentials, new Dictionary<string, string?> { ["AWS_ENDPOINT_URL_S3"] = Endpoint.ToString() });

    public void Dispose()
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        process.Dispose();
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition("s3rver")]
public sealed class S3rverCollection : ICollectionFixture<S3rverFixture>;
