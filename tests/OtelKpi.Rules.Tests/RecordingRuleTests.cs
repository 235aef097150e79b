using System.Text.RegularExpressions;
using OtelKpi.Rules.Tests.Support;
using OtelKpi.Testing;

namespace OtelKpi.Rules.Tests;

/// <summary>
/// Recorded series are named level:metric:operations, documented in docs/rules.md, tested at a known time,
/// and computed from each raw histogram family once.
/// </summary>
public sealed partial class RecordingRuleTests
{
    [Fact]
    public void Every_recorded_name_follows_level_metric_operations()
    {
        Assert.All(RuleSet.Shipped.RecordedNames, name => Assert.True(RecordingLevel.IsWellFormed(name), $"{name} is not level:metric:operations with a known level."));
    }

    [Fact]
    public void Every_objective_and_threshold_is_recorded_with_its_default_in_the_objectives_file()
    {
        Assert.Subset(Objectives.Defaults.Keys.ToHashSet(), Objectives.Agreed.ToHashSet());
        foreach (var (name, value) in Objectives.Defaults)
        {
            var rule = RuleSet.Shipped.RecorderOf(name);
            Assert.NotNull(rule);
            Assert.Equal("rules/otelkpi-objectives.rules.yml", rule.File);
            Assert.Equal([value], RuleSet.Shipped.ExpressionOf(rule).Numbers);
            Assert.Contains(name + Objectives.OverrideSuffix, RuleSet.Shipped.ExpressionOf(rule).Selectors.Select(s => s.Metric));
        }

        Assert.Equal(Objectives.Defaults.Keys.Order(), RuleSet.Shipped.RecordedNames.Where(n => n.StartsWith("otelkpi:", StringComparison.Ordinal)).Order());
    }

    [Theory]
    [InlineData("http_server_request_duration_seconds_bucket", new[] { "job_le:http_server_request_duration_seconds_bucket:rate5m" })]
    [InlineData("http_server_request_duration_seconds_sum", new[] { "job_route:http_server_request_duration_seconds_sum:rate5m" })]
    [InlineData(
        "http_server_request_duration_seconds_count",
        new[] { "job_route:http_server_requests:rate5m", "job_route:http_server_errors:rate5m", "job:otelkpi_kpi_instances:count", "job:http_server_overflow_instances:count" })]
    public void Each_raw_histogram_family_is_read_by_the_rules_that_need_it_only(string family, string[] expected)
    {
        var readers = RuleSet.Shipped.Rules
            .Where(r => RuleSet.Shipped.ExpressionOf(r).Selectors.Any(s => s.Metric == family))
            .Select(r => r.Name);

        // The buckets are most of the cost of the whole rule set (docs/benchmarks.md): one rule reads them.
        Assert.Equal(expected.Order(), readers.Order());
    }

    [Fact]
    public void Long_windows_are_means_of_recorded_5m_rates_not_of_ratios()
    {
        var windows = RuleSet.Shipped.RecordingRules.Where(r => WindowRule().IsMatch(r.Record!)).ToList();

        Assert.Equal(20, windows.Count);
        Assert.All(windows, rule =>
        {
            var expression = RuleSet.Shipped.ExpressionOf(rule);
            var averaged = expression.Selectors.Where(s => s.RangeDuration > TimeSpan.Zero).ToList();
            if (averaged.Count == 0)
            {
                // A ratio of two window rates recorded just before it (the 6h windows of the SLIs).
                var window = rule.Record!.Split("rate")[^1];
                Assert.All(expression.Selectors, s => Assert.EndsWith(":rate" + window, s.Metric, StringComparison.Ordinal));
                return;
            }

            var selector = Assert.Single(averaged);
            Assert.EndsWith(":rate5m", selector.Metric, StringComparison.Ordinal);
            Assert.Contains("avg_over_time", expression.Functions);
        });
    }

    [Fact]
    public void Counts_of_requests_are_sums_of_the_recorded_5m_rates_times_the_evaluation_interval()
    {
        var counts = RuleSet.Shipped.RecordingRules.Where(r => r.Record!.StartsWith("job:http_server_requests:increase", StringComparison.Ordinal)).ToList();

        Assert.Equal(["1h", "6h", "1d", "3d"], counts.Select(r => r.Record!["job:http_server_requests:increase".Length..]));
        Assert.All(counts, rule =>
        {
            var expression = RuleSet.Shipped.ExpressionOf(rule);
            Assert.Equal(["job:http_server_requests:rate5m", ":otelkpi_rule_evaluation_interval:seconds"], expression.Selectors.Select(s => s.Metric));
            Assert.Equal("sum_over_time", expression.Selectors[0].Function);
            Assert.Equal(rule.Record!["job:http_server_requests:increase".Length..], expression.Selectors[0].Range);
        });
    }

    [Fact]
    public void Docs_list_every_recorded_name_and_no_other()
    {
        var documented = DocumentedName().Matches(File.ReadAllText(RepositoryPaths.Of("docs/rules.md"))).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Empty(RuleSet.Shipped.RecordedNames.Except(documented).Order());
        Assert.Empty(documented.Except(RuleSet.Shipped.RecordedNames).Except(Objectives.OverrideInputs).Order());
    }

    [Fact]
    public void Every_recorded_name_has_an_expected_value_in_a_promtool_test()
    {
        var tested = ExpectedSamples().Select(s => SeriesNotation.Describe(s.Labels).Name).ToHashSet();

        Assert.Empty(RuleSet.Shipped.RecordedNames.Except(tested).Order());
    }

    [Fact]
    public void Recorded_series_carry_the_labels_their_level_names()
    {
        var samples = ExpectedSamples()
            .Select(s => SeriesNotation.Describe(s.Labels))
            .Where(s => RuleSet.Shipped.RecorderOf(s.Name) is not null)
            .ToList();

        Assert.NotEmpty(samples);
        Assert.All(samples, sample =>
        {
            // Every label the sample has is one its level (or its rule) gives it; job is always there when the
            // level names it. http_route is missing from the route series of unmatched requests, by design.
            var all = RecordingLevel.LabelsOf(sample.Name)!.Concat(RuleSet.Shipped.RecordersOf(sample.Name).SelectMany(r => r.Labels.Keys)).ToHashSet();
            Assert.Subset(all, sample.Labels.Keys.ToHashSet());
            if (all.Contains("job"))
            {
                Assert.Contains("job", sample.Labels.Keys);
            }
        });
    }

    private static IEnumerable<PromtoolSample> ExpectedSamples() =>
        RuleFiles.Tests.Select(PromtoolTestFile.Load).SelectMany(f => f.Tests).SelectMany(g => g.PromqlExprTest).SelectMany(t => t.ExpSamples);

    [GeneratedRegex("^job:http_server_(requests|errors|slow_requests):(ratio_)?rate(30m|1h|2h|6h|1d|3d)$")]
    private static partial Regex WindowRule();

    [GeneratedRegex("`((?:job|job_route|job_le|job_route_le|instance|otelkpi):[a-z0-9_:]+|:[a-z][a-z0-9_]*:[a-z][a-z0-9_]*)`")]
    private static partial Regex DocumentedName();
}
