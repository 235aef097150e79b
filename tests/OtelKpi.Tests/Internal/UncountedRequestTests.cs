using Microsoft.AspNetCore.Http;
using OtelKpi.Internal;

namespace OtelKpi.Tests.Internal;

/// <summary>
/// The rule for long-lived requests at its edges; the real WebSocket, HTTP/2 and SSE sessions are in
/// <see cref="LongLivedRequestTests"/>.
/// </summary>
public class UncountedRequestTests
{
    [Theory]
    [InlineData("GET", 101, null, true)]
    [InlineData("CONNECT", 200, null, true)]
    [InlineData("CONNECT", 204, null, true)]
    [InlineData("CONNECT", 407, null, false)] // a refused tunnel is an ordinary, short request
    [InlineData("CONNECT", 502, null, false)]
    [InlineData("GET", 200, "text/event-stream", true)]
    [InlineData("POST", 200, "Text/Event-Stream; charset=utf-8", true)]
    [InlineData("GET", 500, "text/event-stream", true)] // a stream that failed after it started
    [InlineData("GET", 200, "text/plain", false)]
    [InlineData("GET", 200, "application/json", false)]
    [InlineData("GET", 400, null, false)]
    public void Upgrades_successful_tunnels_and_event_streams_are_long_lived(string method, int status, string? contentType, bool longLived)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;

        Assert.Equal(longLived, UncountedRequest.IsLongLived(context));
    }

    [Fact]
    public void Only_endpoints_named_as_MapHealthChecks_names_them_are_health_checks()
    {
        Assert.True(UncountedRequest.IsHealthCheck(new Endpoint(null, null, "Health checks")));
        Assert.False(UncountedRequest.IsHealthCheck(new Endpoint(null, null, "HTTP: GET /health checks")));
        Assert.False(UncountedRequest.IsHealthCheck(new Endpoint(null, null, null)));
        Assert.False(UncountedRequest.IsHealthCheck(null));
    }
}
