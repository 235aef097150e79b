using OtelKpi.Rules.Tests.Support;
using OtelKpi.Testing;
using OtelKpi.Testing.PromQl;

namespace OtelKpi.Rules.Tests;

/// <summary>The alerts are exactly the ones documented, labelled, annotated and linked to their runbooks.</summary>
public sealed partial class AlertRuleTests
{
    /// <summary>Every alerting rule, for the theories.</summary>
    public static TheoryData<string, int> AlertingRules => RulesOf(_ => true);

    /// <summary>The alerting rules of the six KPI alerts, for the theories.</summary>
    public static TheoryData<string, int> KpiAlertingRules => RulesOf(Alerts.KpiAlerts.Contains);

    [Fact]
    public void The_alerts_are_exactly_the_six_kpi_alerts_and_the_four_health_alerts()
    {
        Assert.Equal(Alerts.Names.Order(), RuleSet.Shipped.AlertingRules.Select(r => r.Alert!).Distinct().Order());
        Assert.Equal(Alerts.Names.Order(), Alerts.Severities.Keys.Order());
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
        Assert.Contains(rule.Labels["severity"], Alerts.Severities[alert]);
        Assert.Equal(["description", "runbook_url", "summary"], rule.Annotations.Keys.Order());
        Assert.DoesNotContain("{{", rule.Annotations["summary"], StringComparison.Ordinal);
        Assert.Contains("{{ $labels.job }}", rule.Annotations["description"], StringComparison.Ordinal);
        Assert.Contains("{{ $value | humanize", rule.Annotations["description"], StringComparison.Ordinal);
        Assert.Equal(Alerts.RunbookBase + alert + ".md", rule.Annotations["runbook_url"]);
        Assert.True(File.Exists(RepositoryPaths.Of(Alerts.RunbookPath(alert))), $"{Alerts.RunbookPath(alert)} is missing.");
        Assert.True(PromDuration.Parse(rule.For!) > TimeSpan.Zero);
        Assert.Null(rule.KeepFiringFor); // vmalert 1.79 refuses the whole file; the rules hold firing alerts with last_over_time
    }

    [Theory]
    [MemberData(nameof(AlertingRules))]
    public void The_alert_reads_only_recorded_series_and_queries_thresholds_of_its_own_job(string alert, int index)
    {
        var rule = RuleSet.Shipped.AlertingRules.ElementAt(index);
        var read = RuleSet.Shipped.ExpressionOf(rule).Selectors.Select(s => s.Metric!).ToHashSet();

        Assert.Equal(alert, rule.Alert);
        Assert.DoesNotContain(read, metric => MetricContract.Load().FamilyOfSeries(metric) is not null || metric == ContractCheck.ScrapeHealthSeries);
        var matchers = string.Join(", ", Topology.JobLabels.Select(l => l + "=%q"));
        var values = string.Join(' ', Topology.JobLabels.Select(l => "$labels." + l));
        foreach (var query in QueryCall().Matches(rule.Annotations["description"]).Cast<System.Text.RegularExpressions.Match>())
        {
            Assert.Contains($"{{{matchers}}}", query.Groups["query"].Value, StringComparison.Ordinal);
            Assert.Equal(values, query.Groups["values"].Value);
        }
    }

    [Theory]
    [MemberData(nameof(KpiAlertingRules))]
    public void The_kpi_alert_judges_each_job_by_its_own_data_and_has_a_low_traffic_guard(string alert, int index)
    {
        var rule = RuleSet.Shipped.AlertingRules.ElementAt(index);
        var read = RuleSet.Shipped.ExpressionOf(rule).Selectors.Select(s => s.Metric!).ToHashSet();

        Assert.Equal(alert, rule.Alert);
        Assert.True(
            read.Contains("otelkpi:alert_min_requests") || read.Contains("otelkpi:alert_min_bad_requests"),
            $"{rule} has no low-traffic guard.");
        if (alert is not ("RequestRateAnomaly" or "LatencyAverageAnomaly"))
        {
            Assert.Contains(read, metric => Objectives.Defaults.ContainsKey(metric) && !metric.StartsWith("otelkpi:alert_min", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(KpiAlertingRules))]
    public void The_kpi_alert_reads_its_5m_series_through_a_10m_memory(string alert, int index)
    {
        var rule = RuleSet.Shipped.AlertingRules.ElementAt(index);
        var fiveMinute = RuleSet.Shipped.ExpressionOf(rule).Selectors.Where(s => s.Metric!.StartsWith("job:", StringComparison.Ordinal) && s.Metric.EndsWith("5m", StringComparison.Ordinal)).ToList();

        Assert.Equal(alert, rule.Alert);
        Assert.True(fiveMinute.Count > 0 || rule.Labels.GetValueOrDefault("short_window") != "5m", $"{rule} reads no 5m series.");
        Assert.All(fiveMinute, s =>
        {
            Assert.Equal("last_over_time", s.Function);
            Assert.Equal("10m", s.Range);
        });
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
            var (longWindow, shortWindow) = (r.Labels["long_window"], r.Labels["short_window"]);
            var windows = expression.Selectors.Select(s => s.Metric!).Where(m => m.StartsWith($"job:{ratio}:ratio_rate", StringComparison.Ordinal)).ToList();
            Assert.Equal([$"job:{ratio}:ratio_rate{longWindow}", $"job:{ratio}:ratio_rate{shortWindow}", $"job:{ratio}:ratio_rate{longWindow}"], windows);
            Assert.Equal(2, expression.Selectors.Count(s => s.Metric == objective));
            // The guard counts the requests the job served in the long window, not its rate times the window.
            Assert.Contains(expression.Selectors, s => s.Metric == $"job:http_server_requests:increase{longWindow}");
            Assert.Equal([1, expression.Numbers[1], 1, expression.Numbers[1]], expression.Numbers);
            Assert.Contains($"over the last {longWindow} and still over the last {shortWindow}.", r.Annotations["description"], StringComparison.Ordinal);
        });
    }

    private static TheoryData<string, int> RulesOf(Func<string, bool> include)
    {
        var data = new TheoryData<string, int>();
        var index = 0;
        foreach (var rule in RuleSet.Shipped.AlertingRules)
        {
            if (include(rule.Alert!))
            {
                data.Add(rule.Alert!, index);
            }

            index++;
        }

        return data;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"printf ""(?<query>[^""]*)"" (?<values>[$a-z. ]+?) \| query")]
    private static partial System.Text.RegularExpressions.Regex QueryCall();
}
