using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Amts.Bot.Tests.Fakes;

/// <summary>An HttpListener on a 127.0.0.1 port of its own: a free port that no other fake in this process took,
/// bound with retries in case the system handed it to someone else meanwhile.</summary>
public static class LoopbackListener
{
    static readonly HashSet<int> PortsTaken = [];

    /// <summary>Ports that could not be bound, and why (for diagnosing flaky binds).</summary>
    public static readonly ConcurrentQueue<string> BindRetries = new();

    public static (HttpListener Listener, int Port) Start()
    {
        for (int attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            lock (PortsTaken)
                if (!PortsTaken.Add(port))
                    continue;
            var listener = new HttpListener();
            try
            {
                listener.Prefixes.Add($"http://127.0.0.1:{port}/");
                listener.Start();
                return (listener, port);
            }
            catch (HttpListenerException e) when (attempt < 20)
            {
                BindRetries.Enqueue($"{port}: {e.Message}");
                // Closing a listener whose start failed throws again (managed HttpListener): abandon it instead.
                try
                {
                    listener.Abort();
                }
                catch (HttpListenerException) { }
            }
        }
    }

    /// <summary>Closes once: Stop() then Close() makes the managed HttpListener look the port up again after
    /// releasing it, which fails if another server took the port meanwhile.</summary>
    public static void Close(HttpListener listener)
    {
        try
        {
            listener.Close();
        }
        catch (HttpListenerException) { }
    }
}
