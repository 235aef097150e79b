using System.Net;
using System.Net.Sockets;

namespace OtelKpi.Internal;

/// <summary>
/// Finds out, before anything else starts, whether the dedicated scrape port is already taken, so that the
/// failure is the first thing a failed start prints (building the meter provider logs the container detection).
/// </summary>
internal static class ScrapePortProbe
{
    /// <summary>Binds (without listening) where Kestrel will: the address given, else [::] dual-stack or 0.0.0.0.</summary>
    public static SocketException? InUse(string? bindAddress, int port)
    {
        var address = bindAddress is null
            ? (Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any)
            : IPAddress.Parse(bindAddress);
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (address.Equals(IPAddress.IPv6Any))
        {
            socket.DualMode = true;
        }

        try
        {
            socket.Bind(new IPEndPoint(address, port));
            return null;
        }
        catch (SocketException e)
        {
            // Any other bind error (an address not on this machine, no permission) is Kestrel's to report.
            return e.SocketErrorCode == SocketError.AddressAlreadyInUse ? e : null;
        }
    }

    /// <summary>The start-up failure (event 1001) for a scrape port another process listens on.</summary>
    public static KpiStartupException Unavailable(KpiStartupFailures startupFailures, KpiScrapeOptions scrape, int port, Exception cause) =>
        startupFailures.ScrapePortUnavailable(
            $"KpiTelemetry:Scrape:Port is {port}, which another process already listens on ({scrape.BindAddress ?? "all interfaces"}); allowed: {KpiSettingRules.FreeScrapePort}.",
            cause);
}
