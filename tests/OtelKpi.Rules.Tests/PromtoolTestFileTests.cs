using OtelKpi.Rules.Tests.Support;
using OtelKpi.Testing.PromQl;

namespace OtelKpi.Rules.Tests;

/// <summary>
/// The promtool test files test the shipped rules as Prometheus 2.42 runs them: all of them, groups in
/// dependency order, explicit intervals, and input counters that never reset by accident.
/// </summary>
public sealed class PromtoolTestFileTests
{
    /// <summary>The order the shipped groups are evaluated in at each step of a test.</summary>
    public static IReadOnlyList<string> EvaluationOrder { get; } =
    [
        "otelkpi.http", "otelkpi.health", "otelkpi.http.windows", "otelkpi.objectives", "otelkpi.http.slow", "otelkpi.long",
        "otelkpi.anomaly", "otelkpi.resources", "otelkpi.slo", "otelkpi.alerts", "otelkpi.alerts.health",
    ];

    /// <summary>The test files, for the theories.</summary>
    public static TheoryData<string> TestFilePaths => new(RuleFiles.Tests);

    [Theory]
    [MemberData(nameof(TestFilePaths))]
    public void The_test_loads_every_shipped_rule_file_and_orders_every_group(string path)
    {
        var file = PromtoolTestFile.Load(path);
        var loaded = file.RuleFilesFromRoot.ToList();

        Assert.Subset(loaded.ToHashSet(), RuleFiles.Shipped.ToHashSet());
        Assert.All(loaded.Except(RuleFiles.Shipped), extra => Assert.Contains(extra, RuleFiles.Examples));
        var groups = loaded.Select(RuleFile.Load).SelectMany(f => f.Groups).Select(g => g.Name).ToList();
        var extraGroups = groups.Except(EvaluationOrder).ToList();
        Assert.Equal(extraGroups.Concat(EvaluationOrder), file.GroupEvalOrder);
    }

    [Theory]
    [MemberData(nameof(TestFilePaths))]
    public void The_test_sets_its_evaluation_and_input_intervals(string path)
    {
        var file = PromtoolTestFile.Load(path);

        Assert.NotNull(file.EvaluationInterval);
        Assert.NotEmpty(file.Tests);
        Assert.All(file.Tests, group => Assert.NotNull(group.Interval));
    }

    [Theory]
    [MemberData(nameof(TestFilePaths))]
    public void Input_counters_never_decrease(string path)
    {
        var counters = PromtoolTestFile.Load(path).Tests.SelectMany(g => g.InputSeries)
            .Where(s => SeriesNotation.Describe(s.Series).Name is var name && (name.EndsWith("_total", StringComparison.Ordinal) || name.EndsWith("_count", StringComparison.Ordinal) || name.EndsWith("_bucket", StringComparison.Ordinal) || name.EndsWith("_sum", StringComparison.Ordinal)));

        Assert.All(counters, series =>
        {
            // A stale marker ends the series' life (its target went away); what comes after is a new process
            // whose counters start again from 0, which is a reset on purpose.
            foreach (var lifetime in series.Values.Split(" stale", StringSplitOptions.TrimEntries))
            {
                var values = SeriesNotation.Expand(lifetime).Where(v => !double.IsNaN(v)).ToList();
                var drop = Enumerable.Range(1, Math.Max(values.Count - 1, 0)).FirstOrDefault(i => values[i] < values[i - 1]);
                if (drop > 0)
                {
                    Assert.Fail($"{series.Series} drops from {values[drop - 1]:R} to {values[drop]:R} at sample {drop}: Prometheus would see a counter reset.");
                }
            }
        });
    }

    /// <summary>
    /// Series checked before their ranges are full on purpose: a memory of which jobs existed in the last day,
    /// and the 30-day SLIs, which cover the history there is (slo.test.yml has one day of it).
    /// </summary>
    public static IReadOnlySet<string> CheckedWithPartialHistory { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "job:otelkpi_kpi_instances:max1d", "job:http_server_requests:rate30d", "job:otelkpi_slo_sli:ratio_rate30d", "job:otelkpi_slo_error_budget_remaining:ratio",
    };

    [Theory]
    [MemberData(nameof(TestFilePaths))]
    public void Expected_values_are_checked_after_the_windows_they_depend_on_are_full(string path)
    {
        var checks = PromtoolTestFile.Load(path).Tests.SelectMany(g => g.PromqlExprTest)
            .Where(c => !PromQlExpression.Parse(c.Expr).Selectors.Any(s => CheckedWithPartialHistory.Contains(s.Metric!)));

        Assert.All(checks, check =>
        {
            var lookback = PromQlExpression.Parse(check.Expr).Selectors
                .Select(s => RuleSet.Shipped.RecorderOf(s.Metric!))
                .Where(r => r is not null)
                .Select(r => RuleSet.Shipped.LookbackOf(r!))
                .DefaultIfEmpty(TimeSpan.Zero)
                .Max();
            Assert.True(PromDuration.Parse(check.EvalTime) >= lookback, $"{check.Expr} is checked at {check.EvalTime}, before its windows ({lookback}) are full.");
        });
    }

    [Fact]
    public void The_evaluation_order_lets_every_rule_read_what_it_needs_from_the_same_step()
    {
        var position = EvaluationOrder.Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index);
        var recordedAt = new Dictionary<string, (int Group, int Rule)>(StringComparer.Ordinal);
        foreach (var group in RuleSet.Shipped.Files.SelectMany(f => f.Groups))
        {
            for (var i = 0; i < group.Rules.Count; i++)
            {
                if (group.Rules[i].Record is { } record && !recordedAt.ContainsKey(record))
                {
                    recordedAt[record] = (position[group.Name], i);
                }
            }
        }

        Assert.Equal(EvaluationOrder.Order(), RuleSet.Shipped.Files.SelectMany(f => f.Groups).Select(g => g.Name).Order());
        foreach (var group in RuleSet.Shipped.Files.SelectMany(f => f.Groups))
        {
            for (var i = 0; i < group.Rules.Count; i++)
            {
                foreach (var selector in RuleSet.Shipped.ExpressionOf(group.Rules[i]).Selectors.Where(s => recordedAt.ContainsKey(s.Metric!)))
                {
                    var (recordGroup, recordRule) = recordedAt[selector.Metric!];
                    Assert.True(
                        recordGroup < position[group.Name] || recordGroup == position[group.Name] && recordRule < i,
                        $"{group.Rules[i]} reads {selector.Metric}, recorded later in the evaluation order.");
                }
            }
        }
    }
}
