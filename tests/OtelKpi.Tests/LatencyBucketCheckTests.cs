using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using OtelKpi.Internal;
using OtelKpi.Testing;

namespace OtelKpi.Tests;

/// <summary>Custom buckets without the shipped rules' latency threshold are pointed out at start-up.</summary>
public class LatencyBucketCheckTests
{
    [Theory]
    [InlineData(new[] { "0.1", "0.3", "1", "3" }, true)]
    [InlineData(new[] { "0.1", "0.5", "1" }, false)]
    [InlineData(new string[0], false)] // the defaults
    public async Task A_warning_names_the_buckets_when_they_lack_the_default_objective_threshold(string[] buckets, bool warned)
    {
        var log = new ConcurrentQueue<(LogLevel Level, string Message)>();
        var configuration = buckets.Select((b, i) => ($"KpiTelemetry:LatencyBuckets:{i}", (string?)b)).ToDictionary(kv => kv.Item1, kv => kv.Item2);

        await using var host = await KpiTestHost.StartAsync(configuration, services: builder => builder.Logging.AddProvider(new OtelKpiLogCapture(log)));

        var warnings = log.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        if (warned)
        {
            Assert.Equal(
                "KpiTelemetry:LatencyBuckets [0.1, 0.3, 1, 3] has no 0.5 boundary, the latency objective threshold of the shipped Prometheus rules: they record no slow-request ratio for this service (no LatencyP99ErrorBuildup alert, empty Latency SLI) until its threshold is overridden with one of these boundaries that is also an OtelKpi default. See docs/rules.md.",
                Assert.Single(warnings));
        }
        else
        {
            Assert.Empty(warnings);
        }
    }

    [Fact]
    public void The_threshold_checked_is_the_shipped_rules_default()
    {
        var rules = File.ReadAllText(RepositoryPaths.Of("rules/otelkpi-objectives.rules.yml"));
        var match = Regex.Match(rules, @"record: otelkpi:latency_objective_threshold_seconds\s+expr: \|[^-]*?or on \([a-z_, ]*job\)\s+([0-9.]+) \* group by \([a-z_, ]*job\)");

        Assert.True(match.Success, "The default of otelkpi:latency_objective_threshold_seconds was not found.");
        Assert.Equal(LatencyBucketCheck.DefaultObjectiveThresholdSeconds, double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
    }
}
