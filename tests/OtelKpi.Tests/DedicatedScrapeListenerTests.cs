using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using OtelKpi.Testing;

namespace OtelKpi.Tests;

/// <summary>The scrape endpoint on its own port (<c>KpiTelemetry:Scrape:Port</c>) without a bind address.</summary>
public class DedicatedScrapeListenerTests
{
    [Fact]
    public async Task By_default_it_listens_on_ipv4_and_ipv6()
    {
        var (host, port, _) = await StartAsync();
        await using (host)
        {
            foreach (var address in new[] { "127.0.0.1", "[::1]" })
            {
                using var client = new HttpClient { BaseAddress = new Uri($"http://{address}:{port}") };
                Assert.Contains("target_info", (await client.ScrapeAsync()).Names);
            }
        }
    }

    [Fact]
    public async Task Conventions_added_to_MapKpiMetrics_are_reported_as_not_applying()
    {
        var (host, _, log) = await StartAsync(app => app.MapKpiMetrics().RequireAuthorization("metrics").WithName("metrics"));
        await using (host)
        {
            var warning = Assert.Single(log, e => e.Level == LogLevel.Warning);
            Assert.StartsWith("KpiTelemetry:Scrape:Port is set, so the scrape endpoint is served by its own listener: conventions added to MapKpiMetrics(), such as RequireAuthorization(), do not apply to it.", warning.Message);
        }
    }

    private static async Task<(KpiTestHost Host, int Port, ConcurrentQueue<(LogLevel Level, string Message)> Log)> StartAsync(Action<WebApplication>? endpoints = null)
    {
        var log = new ConcurrentQueue<(LogLevel, string)>();
        var (host, port) = await KpiTestHost.StartWithDedicatedScrapePortAsync(
            services: builder => builder.Logging.AddProvider(new OtelKpiLogCapture(log)),
            endpoints: endpoints);
        return (host, port, log);
    }
}
