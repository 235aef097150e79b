using OtelKpi.CollectorConfig.Tests.Otlp;

namespace OtelKpi.CollectorConfig.Tests;

/// <summary>
/// The library's OTLP export, switched on, really reaches an OTLP/HTTP endpoint: requests counted, content
/// type and path checked, payload decoded (<see cref="ProtobufReader"/>, a hand-written wire-format reader).
/// </summary>
public class OtlpExportTests(OtlpExportSession session) : IClassFixture<OtlpExportSession>
{
    [Fact]
    public void Exports_are_protobuf_posts_to_v1_metrics_once_per_interval()
    {
        Assert.True(session.Requests.Count >= OtlpExportSession.MinimumExports, $"expected at least {OtlpExportSession.MinimumExports} exports, got {session.Requests.Count}");
        Assert.All(session.Requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal("/v1/metrics", r.Path);
            Assert.Equal("application/x-protobuf", r.ContentType);
            Assert.NotEmpty(r.Body);
        });

        // Once per interval: the typical (median) time between two exports is the configured interval. The bounds
        // are wide because a busy machine delays single exports; an export per request, per scrape or bursts of
        // them would make the median far shorter, a reader that stalls or exports on a slower schedule far longer.
        var interval = TimeSpan.FromMilliseconds(KpiOtlpHost.ExportIntervalMilliseconds);
        var gaps = session.Requests.Zip(session.Requests.Skip(1), (a, b) => System.Diagnostics.Stopwatch.GetElapsedTime(a.Arrived, b.Arrived)).Order().ToList();
        var median = gaps[gaps.Count / 2];
        var described = string.Join(", ", gaps.Select(g => $"{g.TotalMilliseconds:0} ms"));
        Assert.True(median >= interval * 0.6 && median <= interval * 2, $"median time between exports {median.TotalMilliseconds:0} ms, expected about {interval.TotalMilliseconds:0} ms (all: {described})");
    }

    [Fact]
    public void The_service_answered_every_request_while_exporting()
    {
        Assert.Equal(OtlpExportSession.Traffic.Select(t => t.Status), session.Statuses);
    }

    [Fact]
    public void Every_export_carries_one_resource_with_the_service_identity()
    {
        foreach (var request in session.Requests)
        {
            var resource = Assert.Single(request.Metrics.ResourceMetrics).Resource;
            Assert.Equal(KpiOtlpHost.ServiceName, resource["service.name"]);
            Assert.True(Guid.TryParse(resource["service.instance.id"], out _), "service.instance.id defaults to a UUID");
            Assert.Equal("staging", resource["deployment.environment"]);
            Assert.Contains("service.version", resource.Keys);
            Assert.Equal("opentelemetry", resource["telemetry.sdk.name"]);
        }
    }

    [Fact]
    public void The_exports_carry_the_kpi_instruments()
    {
        var names = session.Complete.Metrics.Metrics.Select(m => m.Metric.Name).ToHashSet();

        Assert.Superset(
            new HashSet<string>
            {
                "http.server.request.duration", "http.server.active_requests",
                "process.cpu", "process.resident_memory", "process.virtual_memory", "process.start_time",
                "otelkpi.container.cpu.limit_cores", "otelkpi.container.memory.limit",
            },
            names);
        Assert.DoesNotContain(names, n => n.StartsWith("kestrel.", StringComparison.Ordinal) || n.StartsWith("dotnet.", StringComparison.Ordinal));
    }

    [Fact]
    public void Request_counts_arrive_exactly_by_route_and_status()
    {
        var duration = Assert.Single(session.Complete.Metrics.Metrics, m => m.Metric.Name == "http.server.request.duration").Metric;
        var byRoute = duration.Points
            .GroupBy(p => (Route: p.Attributes.GetValueOrDefault("http.route"), Status: p.Attributes["http.response.status_code"]))
            .ToDictionary(g => g.Key, g => g.Aggregate(0UL, (t, p) => t + p.Count!.Value));

        Assert.Equal(
            new Dictionary<(string?, string), ulong> { [("/ok", "200")] = 3, [("/items/{id:int}", "200")] = 2, [("/boom", "500")] = 1 },
            byRoute);
        var boom = Assert.Single(duration.Points, p => p.Attributes.GetValueOrDefault("http.route") == "/boom");
        Assert.Equal("System.InvalidOperationException", boom.Attributes["error.type"]);
    }

    [Fact]
    public void Sums_and_histograms_are_cumulative_as_remote_write_requires()
    {
        foreach (var (_, metric) in session.Complete.Metrics.Metrics.Where(m => m.Metric.Type is OtlpDataType.Sum or OtlpDataType.Histogram))
        {
            Assert.True(metric.AggregationTemporality == OtlpMetric.Cumulative, $"{metric.Name} is not cumulative; prometheus_remote_write drops delta data.");
        }
    }
}
