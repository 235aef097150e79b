using System.Text.RegularExpressions;
using OtelKpi.CollectorConfig.Tests.Otlp;
using OtelKpi.CollectorConfig.Tests.Support;
using OtelKpi.Testing;

namespace OtelKpi.CollectorConfig.Tests;

/// <summary>
/// Derives, from the instruments the library really exports over OTLP (name, unit, type, attributes) and the
/// collector's translation rules, the Prometheus names and labels of the collector path, and holds them to
/// docs/metrics.md and to the same process's own /metrics.
/// </summary>
public partial class CollectorNameDerivationTests(OtlpExportSession session) : IClassFixture<OtlpExportSession>
{
    private static readonly MetricContract Contract = MetricContract.Load();

    private IEnumerable<(OtlpScopeMetrics Scope, OtlpMetric Metric, string Name, string Type)> Derived =>
        session.Complete.Metrics.Metrics.Select(m =>
        {
            var type = CollectorMetricNaming.TypeOf(m.Metric);
            return (m.Scope, m.Metric, CollectorMetricNaming.Name(m.Metric.Name, m.Metric.Unit, type), CollectorMetricNaming.PrometheusType(type));
        });

    [Fact]
    public void Every_exported_instrument_becomes_a_documented_family_of_the_documented_type()
    {
        foreach (var (_, metric, name, type) in this.Derived)
        {
            var family = Contract.Families.SingleOrDefault(f => f.Name == name);
            Assert.True(family is not null, $"{metric.Name} (unit '{metric.Unit}', {metric.Type}) becomes {name}, which docs/metrics.md does not list.");
            Assert.Equal(family.Type, type);
        }
    }

    [Fact]
    public void The_collector_path_has_exactly_the_families_of_the_direct_scrape()
    {
        var derived = this.Derived.Select(d => d.Name).Order(StringComparer.Ordinal).ToList();
        var scraped = session.Scrape.Types.Keys.Where(f => f != "target_info").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(scraped, derived);
        Assert.Equal(scraped.Select(f => session.Scrape.Types[f]), derived.Select(f => this.Derived.Single(d => d.Name == f).Type));
    }

    [Fact]
    public void The_families_every_platform_has_are_all_derived()
    {
        var derived = this.Derived.Select(d => d.Name).ToHashSet();

        Assert.Superset(
            new HashSet<string>
            {
                "http_server_request_duration_seconds", "http_server_active_requests", "process_cpu_seconds_total",
                "process_resident_memory_bytes", "process_virtual_memory_bytes", "process_start_time_seconds",
                "otelkpi_container_cpu_limit_cores", "otelkpi_container_memory_limit_bytes",
            },
            derived);
        Assert.Superset(Contract.Families.Select(f => f.Name).Where(derived.Contains).ToHashSet(), derived);
    }

    [Fact]
    public void Each_family_comes_from_the_meter_docs_metrics_md_names()
    {
        var meters = File.ReadAllLines(RepositoryPaths.Of("docs/metrics.md"))
            .Select(line => FamilyRow().Match(line))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups["family"].Value, m => m.Groups["meter"].Value);

        foreach (var (scope, metric, name, _) in this.Derived)
        {
            Assert.True(meters.TryGetValue(name, out var meter), $"docs/metrics.md names no meter for {name}");
            Assert.True(meter == scope.Name, $"{name} comes from {scope.Name}, docs/metrics.md says {meter}");
            // Instruments keep their names, except the process instrumentation's, which a view renames
            // to the names every Prometheus client library uses.
            if (scope.Name != "OpenTelemetry.Instrumentation.Process")
            {
                Assert.Equal(Contract[name].Instrument, metric.Name);
            }
        }
    }

    [Fact]
    public void Data_point_attributes_become_only_the_documented_labels()
    {
        foreach (var (_, metric, name, _) in this.Derived)
        {
            var family = Contract[name];
            var labelSets = metric.Points.Select(p => p.Attributes.Keys.Select(CollectorMetricNaming.LabelName).ToHashSet()).ToList();
            Assert.NotEmpty(labelSets);
            foreach (var labels in labelSets)
            {
                Assert.Subset(family.AllLabels.ToHashSet(), labels);
                Assert.Superset(family.RequiredLabels.ToHashSet(), labels);
            }
        }
    }

    [Fact]
    public void The_latency_histogram_has_the_documented_buckets()
    {
        var duration = Assert.Single(this.Derived, d => d.Name == "http_server_request_duration_seconds").Metric;

        Assert.All(duration.Points, p => Assert.Equal(Contract.Buckets, p.ExplicitBounds));
    }

    [Fact]
    public void Target_info_carries_the_documented_resource_labels_with_job_and_instance_for_the_service_identity()
    {
        var resource = Assert.Single(session.Complete.Metrics.ResourceMetrics).Resource;
        var identifying = new HashSet<string> { "service.name", "service.namespace", "service.instance.id" };
        // prometheus_remote_write turns the identifying attributes into job and instance and puts the rest on target_info.
        var collectorTargetInfo = resource.Keys.Where(k => !identifying.Contains(k)).Select(CollectorMetricNaming.LabelName).Append("job").Append("instance").ToHashSet();
        var directTargetInfo = Assert.Single(session.Scrape.Series("target_info")).Labels.Keys.ToHashSet();

        Assert.Equal(Contract["target_info"].AllLabels.ToHashSet(), directTargetInfo);
        Assert.Equal(
            directTargetInfo.Except(["service_name", "service_instance_id"]).Append("job").Append("instance").ToHashSet(),
            collectorTargetInfo);
    }

    [GeneratedRegex(@"^\| `(?<family>[a-z_]+)` \|[^|]+\|[^|]+\| `[^`]+` \((?<meter>[A-Za-z.]+)\)")]
    private static partial Regex FamilyRow();
}
