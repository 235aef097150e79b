using System.Net;
using System.Net.Sockets;

namespace OtelKpi.Tests.Diagnostics;

/// <summary>A loopback listener that accepts connections and never answers: a collector that hangs.</summary>
internal sealed class BlackHoleListener : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> held = [];
    private readonly CancellationTokenSource stop = new();

    public BlackHoleListener()
    {
        this.listener.Start();
        _ = Task.Run(this.AcceptAsync);
    }

    public int Port => ((IPEndPoint)this.listener.LocalEndpoint).Port;

    public void Dispose()
    {
        this.stop.Cancel();
        this.listener.Stop();
        lock (this.held)
        {
            this.held.ForEach(s => s.Dispose());
        }

        this.stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await this.listener.AcceptSocketAsync(this.stop.Token);
                lock (this.held)
                {
                    this.held.Add(socket);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Disposed: the test is over.
        }
    }
}
