using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OtelKpi.CollectorConfig.Tests.Otlp;

/// <summary>
/// A loopback TCP endpoint that accepts connections and reads requests but never answers: a collector that
/// hangs. Connections stay open until the endpoint is disposed.
/// </summary>
internal sealed class UnresponsiveEndpoint : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    // Guarded by its own lock; each connection's StringBuilder by a lock on that builder (its reader appends to it).
    private readonly List<(Socket Socket, StringBuilder Received)> connections = [];
    private readonly CancellationTokenSource stop = new();

    private UnresponsiveEndpoint()
    {
        this.listener.Start();
        _ = Task.Run(this.AcceptAsync);
    }

    /// <summary>Gets the base address, such as http://127.0.0.1:40123.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)this.listener.LocalEndpoint).Port}");

    /// <summary>Gets the number of connections accepted so far.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (this.connections)
            {
                return this.connections.Count;
            }
        }
    }

    /// <summary>Starts listening.</summary>
    public static UnresponsiveEndpoint Start() => new();

    /// <summary>Waits until a connection has sent a complete request head; returns it (bounded by <paramref name="limit"/>).</summary>
    public async Task<(Socket Socket, string Head)> WaitForRequestAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            (Socket Socket, StringBuilder Received)[] accepted;
            lock (this.connections)
            {
                accepted = [.. this.connections];
            }

            foreach (var (socket, received) in accepted)
            {
                var text = Snapshot(received);
                var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (end >= 0)
                {
                    return (socket, text[..end]);
                }
            }

            await Task.Delay(20);
        }

        throw new Xunit.Sdk.XunitException($"No request reached the unresponsive endpoint within {limit}.");
    }

    /// <summary>True while the client has not closed the connection (it is still waiting for an answer).</summary>
    public static bool IsStillOpen(Socket socket) => !(socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0);

    /// <inheritdoc />
    public void Dispose()
    {
        this.stop.Cancel();
        this.listener.Stop();
        lock (this.connections)
        {
            foreach (var (socket, _) in this.connections)
            {
                socket.Dispose();
            }
        }

        this.stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!this.stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await this.listener.AcceptSocketAsync(this.stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var received = new StringBuilder();
            lock (this.connections)
            {
                this.connections.Add((socket, received));
            }

            _ = Task.Run(() => ReadHeadAsync(socket, received, this.stop.Token));
        }
    }

    private static string Snapshot(StringBuilder received)
    {
        lock (received)
        {
            return received.ToString();
        }
    }

    private static async Task ReadHeadAsync(Socket socket, StringBuilder received, CancellationToken cancellation)
    {
        var buffer = new byte[4096];
        try
        {
            while (!Snapshot(received).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellation);
                if (read == 0)
                {
                    return;
                }

                lock (received)
                {
                    received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Disposed: the test is over.
        }
    }
}
