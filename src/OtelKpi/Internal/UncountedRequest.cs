using Microsoft.AspNetCore.Http;

namespace OtelKpi.Internal;

/// <summary>
/// Requests the KPIs must not average in, recognised once they are done: long-lived sessions, whose duration is
/// the client's, not the service's (a WebSocket, a server-sent-event stream, a CONNECT tunnel), and health checks
/// mapped with <c>MapHealthChecks</c> at any path.
/// </summary>
internal static class UncountedRequest
{
    /// <summary>The display name <c>MapHealthChecks</c> gives its endpoints; they carry no other marker.</summary>
    internal const string HealthChecksDisplayName = "Health checks";

    private const string EventStream = "text/event-stream";

    /// <summary>Whether the request is long-lived or was handled by <paramref name="endpoint"/>, a health check.</summary>
    public static bool Is(HttpContext context, Endpoint? endpoint) => IsLongLived(context) || IsHealthCheck(endpoint);

    /// <summary>
    /// Upgraded (101: WebSockets over HTTP/1.1), tunnelled (a CONNECT that succeeded: WebSockets over HTTP/2 and 3)
    /// or a server-sent-event stream.
    /// </summary>
    internal static bool IsLongLived(HttpContext context)
    {
        var response = context.Response;
        var status = response.StatusCode;
        if (status == StatusCodes.Status101SwitchingProtocols)
        {
            return true;
        }

        if (status is >= 200 and < 300 && HttpMethods.IsConnect(context.Request.Method))
        {
            return true;
        }

        return response.ContentType is { } contentType && contentType.StartsWith(EventStream, StringComparison.OrdinalIgnoreCase);
    }

    internal static bool IsHealthCheck(Endpoint? endpoint) =>
        endpoint is not null && string.Equals(endpoint.DisplayName, HealthChecksDisplayName, StringComparison.Ordinal);
}
