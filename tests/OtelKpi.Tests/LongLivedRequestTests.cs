using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using static OtelKpi.Tests.Apps.AttributionApp;

namespace OtelKpi.Tests;

/// <summary>
/// WebSocket sessions and server-sent-event streams last as long as the client stays: as requests they would put
/// seconds or hours into the latency the KPIs average. They are left out of <c>http_server_request_duration_seconds</c>
/// (docs/metrics.md). Real Kestrel on loopback, real WebSocket and SSE clients.
/// </summary>
public class LongLivedRequestTests
{
    private const string Get = "http_request_method=GET";

    [Fact]
    public async Task A_WebSocket_session_is_not_a_request_in_the_latency_histogram()
    {
        await using var host = await StartAsync(MapWebSocketEcho, kestrel: true);

        using (var client = new ClientWebSocket())
        {
            await EchoSessionAsync(client, host, invoker: null);
        }

        // A plain GET to the WebSocket endpoint is refused with 400: an ordinary, short request, counted.
        Assert.Equal(400, (int)(await host.Client.GetAsync("/ws")).StatusCode);
        await host.Client.GetAsync("/ok");
        var scrape = await host.SettledScrapeAsync(2);

        AssertCounted(
            scrape,
            $"{Get},http_response_status_code=400,http_route=/ws = 1",
            $"{Get},http_response_status_code=200,http_route=/ok = 1");
        Assert.True(scrape.Sum("http_server_request_duration_seconds_sum") < 0.5, "the session's second is in the latency sum");
    }

    [Fact]
    public async Task A_WebSocket_session_over_HTTP_2_is_not_a_request_in_the_latency_histogram()
    {
        await using var host = await StartAsync(
            MapWebSocketEcho,
            services: builder => builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2)),
            kestrel: true);
        host.Client.DefaultRequestVersion = HttpVersion.Version20;
        host.Client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;

        using (var handler = new SocketsHttpHandler())
        using (var invoker = new HttpMessageInvoker(handler))
        using (var client = new ClientWebSocket())
        {
            client.Options.HttpVersion = HttpVersion.Version20;
            client.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
            await EchoSessionAsync(client, host, invoker);
        }

        Assert.Equal(HttpVersion.Version20, (await host.Client.GetAsync("/ok")).Version);
        var scrape = await host.SettledScrapeAsync(1);

        AssertCounted(scrape, "http_request_method=GET,http_response_status_code=200,http_route=/ok = 1");
    }

    [Fact]
    public async Task A_server_sent_event_stream_is_not_a_request_in_the_latency_histogram()
    {
        await using var host = await StartAsync(
            app =>
            {
                app.MapGet("/prices", (CancellationToken ct) => TypedResults.ServerSentEvents(Prices(ct), eventType: "price"));
                app.MapGet("/feed", async (HttpContext context) =>
                {
                    context.Response.ContentType = "text/event-stream; charset=utf-8";
                    for (var i = 0; i < 3; i++)
                    {
                        await context.Response.WriteAsync($"data: {i}\n\n");
                        await context.Response.Body.FlushAsync();
                        await Task.Delay(150);
                    }
                });
                app.MapGet("/ok", () => "ok");
            },
            kestrel: true);

        foreach (var (path, lastEvent) in new[] { ("/prices", "data: 102"), ("/feed", "data: 2") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains(lastEvent, body, StringComparison.Ordinal);
        }

        await host.Client.GetAsync("/ok");
        var scrape = await host.SettledScrapeAsync(1);

        AssertCounted(scrape, $"{Get},http_response_status_code=200,http_route=/ok = 1");
    }

    [Fact]
    public async Task A_WebSocket_session_is_an_active_request_while_it_is_open()
    {
        await using var host = await StartAsync(MapWebSocketEcho, kestrel: true);

        using var client = new ClientWebSocket();
        await client.ConnectAsync(new Uri(host.Client.BaseAddress!, "/ws").ToWebSocketUri(), CancellationToken.None);
        var during = await host.ScrapeAsync();
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);

        // The session; the scrape is not an active request of the application.
        Assert.Equal(1, during.Single("http_server_active_requests").Value);
    }

    /// <summary>An echo WebSocket at /ws that refuses plain requests with 400, and /ok.</summary>
    private static void MapWebSocketEcho(WebApplication app)
    {
        app.UseWebSockets();
        app.Map("/ws", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[64];
            while (!(await socket.ReceiveAsync(buffer, context.RequestAborted)).CloseStatus.HasValue)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes("pong"), WebSocketMessageType.Text, true, context.RequestAborted);
            }

            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, context.RequestAborted);
        });
        app.MapGet("/ok", () => "ok");
    }

    /// <summary>A session of about a second: three pings, each answered, then a normal close.</summary>
    private static async Task EchoSessionAsync(ClientWebSocket client, KpiTestHost host, HttpMessageInvoker? invoker)
    {
        await client.ConnectAsync(new Uri(host.Client.BaseAddress!, "/ws").ToWebSocketUri(), invoker, CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync(Encoding.UTF8.GetBytes("ping"), WebSocketMessageType.Text, true, CancellationToken.None);
            await client.ReceiveAsync(new byte[64], CancellationToken.None);
            await Task.Delay(300);
        }

        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    private static async IAsyncEnumerable<decimal> Prices([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < 3; i++)
        {
            yield return 100 + i;
            await Task.Delay(150, cancellationToken);
        }
    }
}

/// <summary>ws:// for an http:// address.</summary>
internal static class WebSocketUris
{
    public static Uri ToWebSocketUri(this Uri http) => new UriBuilder(http) { Scheme = http.Scheme == "https" ? "wss" : "ws" }.Uri;
}
