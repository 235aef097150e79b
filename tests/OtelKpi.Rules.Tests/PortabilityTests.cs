using OtelKpi.Rules.Tests.Support;
using OtelKpi.Testing;
using OtelKpi.Testing.PromQl;

namespace OtelKpi.Rules.Tests;

/// <summary>
/// What scale-out rule engines need from the rule files (docs/rules.md, "Other rule engines"): vmalert, Thanos
/// Ruler and Grafana Mimir add external labels to what they record, limit the rules of a group, and reject what
/// Prometheus 2.42 alone would accept.
/// </summary>
public sealed class PortabilityTests
{
    private static readonly MetricContract Contract = MetricContract.Load();

    [Fact]
    public void No_rule_reads_scraped_and_recorded_series_together()
    {
        // A recorded series carries the ruler's external labels, a scraped one does not: combined in one
        // expression they either collide (vmalert: "same labelset after applying rule labels") or never match.
        var mixed = RuleSet.Shipped.Rules
            .Where(r =>
            {
                var read = RuleSet.Shipped.ExpressionOf(r).Selectors.Select(s => s.Metric!).ToList();
                return read.Any(IsScraped) && read.Any(m => !IsScraped(m));
            })
            .Select(r => r.ToString());

        Assert.Empty(mixed);
    }

    [Fact]
    public void Slow_requests_subtract_two_buckets_of_the_same_recorded_series()
    {
        var rule = RuleSet.Shipped.RecorderOf(LatencyBucketArms.SlowRequestsRule)!;
        var read = RuleSet.Shipped.ExpressionOf(rule).Selectors.Select(s => s.Metric!).Distinct();

        Assert.Equal(["job_le:http_server_request_duration_seconds_bucket:rate5m", "otelkpi:latency_objective_threshold_seconds"], read);
        Assert.Contains("bucket:rate5m{le=\"+Inf\"}", rule.Expr, StringComparison.Ordinal);
    }

    [Fact]
    public void No_group_has_more_than_20_rules()
    {
        // Grafana Mimir's ruler refuses larger groups by default (-ruler.max-rules-per-rule-group).
        Assert.All(RuleSet.Shipped.Files.SelectMany(f => f.Groups), g => Assert.True(g.Rules.Count <= 20, $"{g.Name} has {g.Rules.Count} rules."));
    }

    [Fact]
    public void Windows_of_6_hours_and_more_are_evaluated_every_2_minutes_inside_the_lookback()
    {
        var groups = RuleSet.Shipped.Files.SelectMany(f => f.Groups).ToList();
        var slow = groups.Where(g => g.Rules.Any(r => RuleSet.Shipped.ExpressionOf(r).Selectors.Any(s => s.RangeDuration >= TimeSpan.FromHours(6)))).ToList();

        Assert.Equal(["otelkpi.long", "otelkpi.slo"], slow.Select(g => g.Name).Order());
        Assert.All(slow, g => Assert.Equal("2m", g.Interval));
        Assert.All(groups.Except(slow), g => Assert.Null(g.Interval));
        // Prometheus finds a series only if its last sample is at most 5 minutes old: a longer interval would
        // leave the alerts that read these series without them between two evaluations.
        Assert.All(slow, g => Assert.True(PromDuration.Parse(g.Interval!) < TimeSpan.FromMinutes(5) / 2));
    }

    [Fact]
    public void No_rule_uses_what_vmalert_1_79_or_Prometheus_2_42_lacks()
    {
        Assert.All(RuleSet.Shipped.AlertingRules, r => Assert.Null(r.KeepFiringFor));
        Assert.All(RuleSet.Shipped.Files.SelectMany(f => f.Groups), g => Assert.Null(g.Limit));
        var functions = RuleSet.Shipped.Rules.SelectMany(r => RuleSet.Shipped.ExpressionOf(r).Functions).ToHashSet();
        Assert.DoesNotContain("mad_over_time", functions);
        Assert.DoesNotContain("double_exponential_smoothing", functions);
        Assert.DoesNotContain("holt_winters", functions);
    }

    private static bool IsScraped(string metric) => Contract.FamilyOfSeries(metric) is not null || metric == ContractCheck.ScrapeHealthSeries;
}
