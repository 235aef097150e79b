using System.Net;
using System.Net.Sockets;
using OtelKpi.CollectorConfig.Tests.Otlp;

namespace OtelKpi.CollectorConfig.Tests;

/// <summary>
/// A collector that is down or hangs must never fail or slow a request: export runs on the metric reader's
/// own thread. Proven by order of events rather than by timing: every request completes while an export is
/// provably stuck, and /metrics still counts them exactly.
/// </summary>
public class DeadCollectorTests
{
    private const int Requests = 40;

    [Fact]
    public async Task Requests_succeed_and_are_counted_while_the_collector_refuses_connections()
    {
        using var events = new ExporterEvents();
        await using var host = await KpiOtlpHost.StartAsync(new Uri($"http://127.0.0.1:{ClosedPort()}"), timeoutMilliseconds: 1000);

        var statuses = await SendRequestsAsync(host);
        var scrape = await host.ScrapeUntilRequestCountAsync(Requests);
        await WaitUntilAsync(() => events.Problems.Count > 0, "the exporter to report a failed export");

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(Requests, scrape.Sum("http_server_request_duration_seconds_count"));
    }

    [Fact]
    public async Task Requests_succeed_and_are_counted_while_an_export_hangs()
    {
        var endpoint = UnresponsiveEndpoint.Start();
        var host = await KpiOtlpHost.StartAsync(endpoint.BaseAddress, timeoutMilliseconds: 120000);
        try
        {
            var (export, head) = await endpoint.WaitForRequestAsync(TimeSpan.FromSeconds(30));
            Assert.StartsWith("POST /v1/metrics HTTP/1.1", head);
            Assert.Contains("Content-Type: application/x-protobuf", head, StringComparison.OrdinalIgnoreCase);

            var statuses = await SendRequestsAsync(host);
            var scrape = await host.ScrapeUntilRequestCountAsync(Requests);

            Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
            Assert.Equal(Requests, scrape.Sum("http_server_request_duration_seconds_count"));
            // All of that happened while the export was still waiting for an answer, and the reader did not
            // start a second one: the stuck export held nothing but its own thread.
            Assert.True(UnresponsiveEndpoint.IsStillOpen(export), "the export gave up before the requests finished");
            Assert.Equal(1, endpoint.ConnectionCount);
        }
        finally
        {
            // Closing the connections fails the stuck export at once, so the host shuts down without waiting.
            endpoint.Dispose();
            await host.DisposeAsync();
        }
    }

    private static async Task<HttpStatusCode[]> SendRequestsAsync(KpiOtlpHost host)
    {
        var statuses = new HttpStatusCode[Requests];
        for (var i = 0; i < Requests; i++)
        {
            using var response = await host.Client.GetAsync(i % 2 == 0 ? "/ok" : $"/items/{i}");
            statuses[i] = response.StatusCode;
        }

        return statuses;
    }

    private static int ClosedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Gave up waiting for {what}.");
            await Task.Delay(50);
        }
    }
}
