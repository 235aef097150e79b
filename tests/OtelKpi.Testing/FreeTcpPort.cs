using System.Net;
using System.Net.Sockets;

namespace OtelKpi.Testing;

/// <summary>Finds loopback ports nobody listens on.</summary>
public static class FreeTcpPort
{
    /// <summary>
    /// A port that was free a moment ago. Another process can take it before the caller binds it, so callers
    /// that cannot bind port 0 themselves retry on "address already in use".
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
