using System.Net;
using System.Net.Sockets;

namespace OtelKpi.Testing;

/// <summary>
/// Starts a server program on a free loopback port, retrying on a new port when another process took it between
/// the probe and the bind (other test runs share the machine), and waits until it answers.
/// </summary>
public static class LoopbackService
{
    /// <summary>
    /// Starts <paramref name="launch"/> with a free port until <paramref name="ready"/> holds for it; a start whose log
    /// says the address is in use is retried up to three times.
    /// </summary>
    public static async Task<(ManagedProcess Process, int Port)> StartAsync(
        Func<int, ManagedProcess> launch, Func<int, Task<bool>> ready, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(ready);
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeTcpPort.Next();
            var process = launch(port);
            try
            {
                await process.WaitUntilAsync(() => ready(port), timeout, what);
                return (process, port);
            }
            catch (Exception) when (attempt < 3 && process.Log.Contains("address already in use", StringComparison.Ordinal))
            {
                await process.DisposeAsync();
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>True when something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
