using OtelKpi.Rules.Tests.Support;
using OtelKpi.Testing;

namespace OtelKpi.Rules.Tests;

/// <summary>
/// T and every latency threshold are bucket boundaries; the slow-request rule can select every boundary,
/// in both the Prometheus 2 and the Prometheus 3 spelling of <c>le</c>.
/// </summary>
public sealed class LatencyThresholdTests
{
    private static readonly IReadOnlyList<double> Boundaries = MetricContract.Load().Buckets;

    [Fact]
    public void Shipped_latency_thresholds_are_bucket_boundaries()
    {
        Assert.Empty(LatencyThresholdCheck.Violations(RuleSet.Shipped, Boundaries));
        Assert.Equal(2, RuleSet.Shipped.RecordingRules.Count(r => Objectives.LatencyThresholds.Contains(r.Record!)));
    }

    [Fact]
    public void Example_override_thresholds_are_bucket_boundaries()
    {
        var example = new RuleSet([RuleFile.Load(RuleFiles.OverridesExample)]);

        Assert.Empty(LatencyThresholdCheck.Violations(example, Boundaries));
        Assert.Equal(2, example.RecordingRules.Count(r => r.Record!.Contains("latency", StringComparison.Ordinal) && r.Record.EndsWith("threshold_seconds:override", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_check_reports_a_threshold_between_boundaries()
    {
        var rules = new RuleSet([RuleFile.Parse(
            """
            groups:
              - name: g
                rules:
                  - record: otelkpi:latency_objective_threshold_seconds:override
                    expr: vector(0.3)
                    labels:
                      job: shop
            """,
            "test.yml")]);

        Assert.Equal(
            ["otelkpi:latency_objective_threshold_seconds:override (test.yml): 0.3 s is not a bucket boundary (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10)."],
            LatencyThresholdCheck.Violations(rules, Boundaries));
    }

    [Fact]
    public void The_slow_request_rule_has_one_arm_per_boundary_from_the_largest_down()
    {
        var arms = LatencyBucketArms.Of(RuleSet.Shipped.RecorderOf(LatencyBucketArms.SlowRequestsRule)!.Expr);

        Assert.Equal(Boundaries.OrderByDescending(b => b), arms.Select(a => a.Boundary));
    }

    [Fact]
    public void Each_arm_selects_its_boundary_in_both_spellings_and_no_other_boundary()
    {
        var arms = LatencyBucketArms.Of(RuleSet.Shipped.RecorderOf(LatencyBucketArms.SlowRequestsRule)!.Expr);

        Assert.All(arms, arm =>
        {
            Assert.True(arm.Selects(LatencyBucketArms.Prometheus2Spelling(arm.Boundary)), $"{arm} misses {LatencyBucketArms.Prometheus2Spelling(arm.Boundary)}");
            Assert.True(arm.Selects(LatencyBucketArms.Prometheus3Spelling(arm.Boundary)), $"{arm} misses {LatencyBucketArms.Prometheus3Spelling(arm.Boundary)}");
            foreach (var other in Boundaries.Where(b => b != arm.Boundary).Append(double.PositiveInfinity))
            {
                var spelling = double.IsPositiveInfinity(other) ? "+Inf" : LatencyBucketArms.Prometheus2Spelling(other);
                Assert.False(arm.Selects(spelling), $"{arm} also selects {spelling}");
                Assert.False(arm.Selects(LatencyBucketArms.Prometheus3Spelling(other)), $"{arm} also selects {LatencyBucketArms.Prometheus3Spelling(other)}");
            }
        });
    }

    [Fact]
    public void The_spellings_are_those_of_Prometheus_2_and_3()
    {
        Assert.Equal(["0.005", "0.5", "1", "10"], new[] { 0.005, 0.5, 1, 10 }.Select(LatencyBucketArms.Prometheus2Spelling));
        Assert.Equal(["0.005", "0.5", "1.0", "10.0"], new[] { 0.005, 0.5, 1, 10 }.Select(LatencyBucketArms.Prometheus3Spelling));
    }
}
