using System.Diagnostics;
using System.Net;
using System.Text;
using Amts.Bot.Infrastructure;

namespace Amts.Bot.Tests.Fakes;

/// <summary>
/// Bare repositories served over smart HTTP on 127.0.0.1, as github.com serves them to the action: git's own
/// <c>git http-backend</c> CGI behind an HttpListener, with GitHub's authentication rule (HTTP Basic with user
/// <c>x-access-token</c> and the token as password; anything else is a 401 with <c>WWW-Authenticate: Basic</c>, so
/// git, which may not prompt, says "could not read Username"). Pushes are accepted (receive-pack) for the token.
/// Repositories live under <see cref="Root"/> as <c>owner/name.git</c>.
/// </summary>
internal sealed class FakeGitServer : IDisposable
{
    readonly HttpListener listener;
    readonly CancellationTokenSource stop = new();
    readonly Task loop;
    public string Root { get; } = TestData.TempDir();
    public Uri Url { get; }

    /// <summary>The token the server accepts (change it to make the action's token "expired").</summary>
    public string AcceptedToken { get; set; } = FakeGitHub.Token;
    public List<string> Requests { get; } = [];
    public int Unauthorized;

    public FakeGitServer()
    {
        (listener, var port) = LoopbackListener.Start();
        Url = new Uri($"http://127.0.0.1:{port}/");
        loop = Task.Run(Serve);
    }

    /// <summary>A bare repository owner/name cloned from a bundle (or another repository), push enabled.</summary>
    public string AddRepository(string fullName, string source)
    {
        var path = PathOf(fullName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        new GitCli(Root).Run("clone", "-q", "--bare", source, path);
        return path;
    }

    public string PathOf(string fullName) => Path.Combine(Root, fullName + ".git");

    public GitCli Git(string fullName) => new(PathOf(fullName));

    async Task Serve()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext c;
            try
            {
                c = await listener.GetContextAsync();
            }
            catch (Exception)
            {
                return;
            }
            _ = Task.Run(() =>
            {
                try
                {
                    Handle(c);
                }
                catch (Exception e)
                {
                    try
                    {
                        c.Response.StatusCode = 500;
                        c.Response.Close(Encoding.UTF8.GetBytes(e.Message), false);
                    }
                    catch (Exception) { }
                }
            });
        }
    }

    void Handle(HttpListenerContext c)
    {
        var req = c.Request;
        lock (Requests)
            Requests.Add($"{req.HttpMethod} {req.Url!.PathAndQuery}");
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + AcceptedToken));
        if (!string.Equals(req.Headers["Authorization"], expected, StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref Unauthorized);
            c.Response.StatusCode = 401;
            c.Response.AddHeader("WWW-Authenticate", "Basic realm=\"GitHub\"");
            c.Response.Close();
            return;
        }
        var psi = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("http-backend");
        psi.Environment["GIT_PROJECT_ROOT"] = Root;
        psi.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        psi.Environment["PATH_INFO"] = Uri.UnescapeDataString(req.Url!.AbsolutePath);
        psi.Environment["QUERY_STRING"] = req.Url.Query.TrimStart('?');
        psi.Environment["REQUEST_METHOD"] = req.HttpMethod;
        psi.Environment["REMOTE_USER"] = "x-access-token"; // receive-pack is enabled for authenticated users
        psi.Environment["REMOTE_ADDR"] = "127.0.0.1";
        if (req.ContentType != null)
            psi.Environment["CONTENT_TYPE"] = req.ContentType;
        if (req.ContentLength64 >= 0 && req.HttpMethod == "POST")
            psi.Environment["CONTENT_LENGTH"] = req.ContentLength64.ToString();
        if (req.Headers["Content-Encoding"] is { } enc)
            psi.Environment["HTTP_CONTENT_ENCODING"] = enc;
        if (req.Headers["Git-Protocol"] is { } proto)
            psi.Environment["GIT_PROTOCOL"] = proto;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var output = new MemoryStream();
        var copyOut = p.StandardOutput.BaseStream.CopyToAsync(output);
        req.InputStream.CopyTo(p.StandardInput.BaseStream);
        p.StandardInput.Close();
        copyOut.Wait();
        p.WaitForExit();
        _ = stderr.Result;
        var bytes = output.ToArray();
        // CGI: headers, a blank line, the body.
        int pos = 0,
            status = 200;
        while (pos < bytes.Length)
        {
            int nl = Array.IndexOf(bytes, (byte)'\n', pos);
            if (nl < 0)
                break;
            var line = Encoding.ASCII.GetString(bytes, pos, nl - pos).TrimEnd('\r');
            pos = nl + 1;
            if (line.Length == 0)
                break;
            int colon = line.IndexOf(':');
            var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
                status = int.Parse(value.Split(' ')[0]);
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                c.Response.ContentType = value;
            else if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                c.Response.AddHeader(name, value);
        }
        c.Response.StatusCode = status;
        c.Response.ContentLength64 = bytes.Length - pos;
        c.Response.OutputStream.Write(bytes, pos, bytes.Length - pos);
        c.Response.Close();
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
