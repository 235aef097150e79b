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

    [Fact]
    public void Each_raw_histogram_family_is_read_by_one_rule_only()
    {
        var readers = RuleSet.Shipped.Rules
            .Where(r => RuleSet.Shipped.ExpressionOf(r).Selectors.Any(s => s.Metric!.StartsWith("http_server_request_duration_seconds", StringComparison.Ordinal)))
            .Select(r => r.Name);

        Assert.Equal(
            ["job_route:http_server_requests:rate5m", "job_route:http_server_errors:rate5m", "job_route:http_server_request_duration_seconds_sum:rate5m", "job_le:http_server_request_duration_seconds_bucket:rate5m"],
            readers);
    }

    [Fact]
    public void Long_windows_are_means_of_recorded_5m_rates_not_of_ratios()
    {
        var windows = RuleSet.Shipped.RecordingRules.Where(r => WindowRule().IsMatch(r.Record!)).ToList();

        Assert.Equal(18, windows.Count);
        Assert.All(windows, rule =>
        {
            var averaged = RuleSet.Shipped.ExpressionOf(rule).Selectors.Where(s => s.RangeDuration > TimeSpan.Zero).ToList();
            var selector = Assert.Single(averaged);
            Assert.EndsWith(":rate5m", selector.Metric, StringComparison.Ordinal);
            Assert.Contains("avg_over_time", RuleSet.Shipped.ExpressionOf(rule).Functions);
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
            var level = RecordingLevel.LabelsOf(sample.Name)!;
            Assert.Contains("job", sample.Labels.Keys);
            Assert.Subset(level.ToHashSet(), sample.Labels.Keys.ToHashSet());
        });
    }

    private static IEnumerable<PromtoolSample> ExpectedSamples() =>
        RuleFiles.Tests.Select(PromtoolTestFile.Load).SelectMany(f => f.Tests).SelectMany(g => g.PromqlExprTest).SelectMany(t => t.ExpSamples);

    [GeneratedRegex("^job:http_server_(requests|errors|slow_requests):(ratio_)?rate(30m|1h|2h|6h|1d|3d)$")]
    private static partial Regex WindowRule();

    [GeneratedRegex("`((?:job|job_route|job_le|job_route_le|instance|otelkpi):[a-z0-9_:]+)`")]
    private static partial Regex DocumentedName();
}
