using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Metrics;
using OtelKpi.Testing;

namespace OtelKpi.Tests.Diagnostics;

/// <summary>
/// OTLP export failures are real (a port nobody listens on, a listener that never answers, a receiver that
/// comes up later); only the clock of the rate limit is fake. Exports are triggered by ForceFlush so that the
/// test decides when they happen.
/// </summary>
public class OtlpExportDiagnosticsTests
{
    private const int Failed = 1011;
    private const int StillFailing = 1012;
    private const int Recovered = 1013;

    [Fact]
    public async Task A_refused_export_logs_once_then_a_summary_a_minute_and_one_line_when_export_recovers()
    {
        var port = FreeTcpPort.Next();
        var endpoint = $"http://127.0.0.1:{port}/v1/metrics";
        var (host, time, log) = await StartAsync(port, timeoutMilliseconds: 2000);
        await using (host)
        {
            Flush(host);
            var first = Assert.Single(Health(log));
            Assert.Equal((Failed, LogLevel.Warning), (first.EventId.Id, first.Level));
            Assert.Matches($@"^OTLP export to {Escape(endpoint)} failed: refused or rejected after \d+ ms \(nothing listening, or an error response\)\. Metrics of this interval are lost until export recovers; further failures are summarised at most once a minute\.", first.Message);

            for (var i = 0; i < 2; i++)
            {
                time.Advance(TimeSpan.FromSeconds(20));
                Flush(host);
            }

            Assert.Single(Health(log)); // 40 s after the first failure: still nothing more

            time.Advance(TimeSpan.FromSeconds(20));
            Flush(host);
            var summary = Health(log)[1];
            Assert.Equal((StillFailing, LogLevel.Warning), (summary.EventId.Id, summary.Level));
            Assert.Matches($@"^OTLP export to {Escape(endpoint)} is still failing: 3 more failed exports in the last 60 s, failing for 60 s; last: refused or rejected after \d+ ms", summary.Message);

            time.Advance(TimeSpan.FromSeconds(30));
            Flush(host);
            Assert.Equal(2, Health(log).Count); // 30 s after the summary

            await using var receiver = await OtlpReceiver.StartAsync(port);
            time.Advance(TimeSpan.FromSeconds(10));
            Flush(host);
            var recovered = Health(log)[2];
            Assert.Equal((Recovered, LogLevel.Information), (recovered.EventId.Id, recovered.Level));
            Assert.Equal($"OTLP export to {endpoint} recovered after 5 failed exports over 100 s", recovered.Message);

            time.Advance(TimeSpan.FromMinutes(5));
            Flush(host);
            Assert.Equal(3, Health(log).Count);
            Assert.Equal(2, receiver.Exports);
        }
    }

    [Fact]
    public async Task An_export_to_a_collector_that_never_answers_is_reported_as_a_timeout()
    {
        using var blackHole = new BlackHoleListener();
        var (host, _, log) = await StartAsync(blackHole.Port, timeoutMilliseconds: 500);
        await using (host)
        {
            Flush(host);

            var failure = Assert.Single(Health(log));
            Assert.Equal(Failed, failure.EventId.Id);
            Assert.StartsWith(
                $"OTLP export to http://127.0.0.1:{blackHole.Port}/v1/metrics failed: no answer within the 500 ms timeout (KpiTelemetry:Otlp:TimeoutMilliseconds).",
                failure.Message);
        }
    }

    [Fact]
    public async Task In_the_steady_state_nothing_is_logged_per_request_per_scrape_or_per_export()
    {
        var port = FreeTcpPort.Next();
        await using var receiver = await OtlpReceiver.StartAsync(port);
        // A generous timeout: the first export (new connection, serializer not yet compiled) can take seconds while
        // the rest of the suite publishes Native AOT binaries on the same two cores, and a timeout is a failure.
        var (host, time, log) = await StartAsync(port, timeoutMilliseconds: 30000);
        await using (host)
        {
            // Start-up logs once (the container metrics' detection among it); after that, nothing.
            var atStart = log.ToArray();
            var started = Assert.Single(atStart, e => e.Category == "OtelKpi");
            Assert.Equal(
                (1010, $"Exporting metrics over OTLP (http/protobuf) to http://127.0.0.1:{port}/v1/metrics every 3600000 ms, timeout 30000 ms"),
                (started.EventId.Id, started.Message));

            for (var i = 0; i < 20; i++)
            {
                await host.Client.GetAsync(new Uri("/ok", UriKind.Relative));
            }

            for (var i = 0; i < 3; i++)
            {
                await host.ScrapeAsync();
                time.Advance(TimeSpan.FromMinutes(2));
                Flush(host);
            }

            Assert.Equal(atStart, log.ToArray());
            Assert.Equal(3, receiver.Exports);
        }
    }

    private static async Task<(KpiTestHost Host, FakeTimeProvider Time, ConcurrentQueue<KpiLogEntry> Log)> StartAsync(int port, int timeoutMilliseconds)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));
        var log = new ConcurrentQueue<KpiLogEntry>();
        var host = await KpiTestHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["KpiTelemetry:Otlp:Enabled"] = "true",
                ["KpiTelemetry:Otlp:Protocol"] = "http/protobuf",
                ["KpiTelemetry:Otlp:Endpoint"] = $"http://127.0.0.1:{port}",
                ["KpiTelemetry:Otlp:ExportIntervalMilliseconds"] = "3600000", // exports only when the test flushes
                ["KpiTelemetry:Otlp:TimeoutMilliseconds"] = timeoutMilliseconds.ToString(CultureInfo.InvariantCulture),
            },
            services: builder =>
            {
                builder.Services.AddSingleton<TimeProvider>(time);
                builder.Logging.AddProvider(new OtelKpiLogCapture(log));
            });
        return (host, time, log);
    }

    private static void Flush(KpiTestHost host) =>
        host.App.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);

    private static List<KpiLogEntry> Health(ConcurrentQueue<KpiLogEntry> log) =>
        [.. log.Where(e => e.EventId.Id is Failed or StillFailing or Recovered)];

    private static string Escape(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
