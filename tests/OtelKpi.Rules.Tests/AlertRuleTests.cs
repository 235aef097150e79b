using OtelKpi.Rules.Tests.Support;
using OtelKpi.Testing;
using OtelKpi.Testing.PromQl;

namespace OtelKpi.Rules.Tests;

/// <summary>The alerts are the six the issue names, labelled, annotated and linked to their runbooks.</summary>
public sealed class AlertRuleTests
{
    /// <summary>Every alerting rule, for the theories.</summary>
    public static TheoryData<string, int> AlertingRules
    {
        get
        {
            var data = new TheoryData<string, int>();
            var index = 0;
            foreach (var rule in RuleSet.Shipped.AlertingRules)
            {
                data.Add(rule.Alert!, index++);
            }

            return data;
        }
    }

    [Fact]
    public void The_alerts_are_exactly_the_six_named_in_the_issue()
    {
        Assert.Equal(Alerts.Names.Order(), RuleSet.Shipped.AlertingRules.Select(r => r.Alert!).Distinct().Order());
    }

    [Fact]
    public void Every_alert_is_in_the_alerts_file()
    {
        Assert.All(RuleSet.Shipped.AlertingRules, rule => Assert.Equal("rules/otelkpi-alerts.yml", rule.File));
    }

    [Theory]
    [MemberData(nameof(AlertingRules))]
    public void The_alert_has_a_severity_a_summary_a_description_and_its_runbook(string alert, int index)
    {
        var rule = RuleSet.Shipped.AlertingRules.ElementAt(index);

        Assert.Equal(alert, rule.Alert);
        Assert.Contains(rule.Labels["severity"], (string[])["critical", "warning"]);
        Assert.Equal(["description", "runbook_url", "summary"], rule.Annotations.Keys.Order());
        Assert.DoesNotContain("{{", rule.Annotations["summary"], StringComparison.Ordinal);
        Assert.Contains("{{ $labels.job }}", rule.Annotations["description"], StringComparison.Ordinal);
        Assert.Contains("{{ $value | humanize", rule.Annotations["description"], StringComparison.Ordinal);
        Assert.Equal(Alerts.RunbookBase + alert + ".md", rule.Annotations["runbook_url"]);
        Assert.True(File.Exists(RepositoryPaths.Of(Alerts.RunbookPath(alert))), $"{Alerts.RunbookPath(alert)} is missing.");
        Assert.True(PromDuration.Parse(rule.For!) > TimeSpan.Zero);
    }

    [Theory]
    [MemberData(nameof(AlertingRules))]
    public void The_alert_judges_each_job_by_its_own_data_and_has_a_low_traffic_guard(string alert, int index)
    {
        var rule = RuleSet.Shipped.AlertingRules.ElementAt(index);
        var read = RuleSet.Shipped.ExpressionOf(rule).Selectors.Select(s => s.Metric!).ToHashSet();

        Assert.Equal(alert, rule.Alert);
        Assert.True(
            read.Contains("otelkpi:alert_min_requests") || read.Contains("otelkpi:alert_min_bad_requests"),
            $"{rule} has no low-traffic guard.");
        Assert.DoesNotContain(read, metric => MetricContract.Load().FamilyOfSeries(metric) is not null);
        if (alert is not ("RequestRateAnomaly" or "LatencyAverageAnomaly"))
        {
            Assert.Contains(read, metric => Objectives.Defaults.ContainsKey(metric) && !metric.StartsWith("otelkpi:alert_min", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("ErrorBuildup", "http_server_errors", "otelkpi:availability_objective")]
    [InlineData("LatencyP99ErrorBuildup", "http_server_slow_requests", "otelkpi:latency_objective")]
    public void The_burn_rate_alert_has_the_four_tiers_of_the_workbook(string alert, string ratio, string objective)
    {
        var rules = RuleSet.Shipped.AlertingRules.Where(r => r.Alert == alert).ToList();

        Assert.Equal(
            Alerts.Tiers,
            rules.Select(r => new BurnRateTier(r.Labels["long_window"], r.Labels["short_window"], RuleSet.Shipped.ExpressionOf(r).Numbers[1], r.Labels["severity"], r.For!)));
        Assert.All(rules, r =>
        {
            var expression = RuleSet.Shipped.ExpressionOf(r);
            var windows = expression.Selectors.Select(s => s.Metric!).Where(m => m.StartsWith($"job:{ratio}:ratio_rate", StringComparison.Ordinal)).ToList();
            Assert.Equal(
                [$"job:{ratio}:ratio_rate{r.Labels["long_window"]}", $"job:{ratio}:ratio_rate{r.Labels["short_window"]}", $"job:{ratio}:ratio_rate{r.Labels["long_window"]}"],
                windows);
            Assert.Equal(2, expression.Selectors.Count(s => s.Metric == objective));
            Assert.Equal([1, expression.Numbers[1], 1, expression.Numbers[1], PromDuration.Parse(r.Labels["long_window"]).TotalSeconds], expression.Numbers);
            Assert.Contains($"over the last {r.Labels["long_window"]} and still over the last {r.Labels["short_window"]}.", r.Annotations["description"], StringComparison.Ordinal);
        });
    }
}
