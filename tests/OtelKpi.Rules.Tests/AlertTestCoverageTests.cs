using OtelKpi.Rules.Tests.Support;
using OtelKpi.Testing.PromQl;

namespace OtelKpi.Rules.Tests;

/// <summary>
/// Every alert has a promtool test file, rules/tests/&lt;Alert&gt;.test.yml, with one job per case: jobs named
/// fires-* must fire and later stop (firing and recovery), jobs named silent-* must never fire (not firing),
/// and for the KPI alerts at least one silent job is a low-traffic case, and the first check comes after the
/// longest window the alert reads is full (the health alerts test the first minutes on purpose).
/// </summary>
public sealed class AlertTestCoverageTests
{
    /// <summary>The alert names, for the theories.</summary>
    public static TheoryData<string> AlertNames => new(Alerts.Names);

    /// <summary>The KPI alert names, for the theories.</summary>
    public static TheoryData<string> KpiAlertNames => new(Alerts.KpiAlerts);

    [Theory]
    [MemberData(nameof(AlertNames))]
    public void The_alert_test_has_firing_recovery_silent_and_low_traffic_cases(string alert)
    {
        var file = PromtoolTestFile.Load($"rules/tests/{alert}.test.yml");
        var checks = file.Tests.SelectMany(g => g.AlertRuleTest).ToList();
        var jobs = file.Tests.SelectMany(g => g.InputSeries).Select(s => SeriesNotation.Describe(s.Series).Labels["job"]).Distinct().ToList();

        Assert.All(checks, check => Assert.Equal(alert, check.Alertname));
        Assert.All(jobs, job => Assert.True(job.StartsWith("fires-", StringComparison.Ordinal) || job.StartsWith("silent-", StringComparison.Ordinal), $"{job}: name cases fires-* or silent-*."));
        if (Alerts.KpiAlerts.Contains(alert))
        {
            Assert.Contains(jobs, job => job.StartsWith("silent-low-traffic", StringComparison.Ordinal));
        }

        Assert.Contains(jobs, job => job.StartsWith("silent-", StringComparison.Ordinal) && !job.StartsWith("silent-low-traffic", StringComparison.Ordinal));
        Assert.Contains(jobs, job => job.StartsWith("fires-", StringComparison.Ordinal));

        foreach (var job in jobs)
        {
            var firing = checks.Where(c => c.ExpAlerts.Any(a => a.ExpLabels["job"] == job)).Select(c => PromDuration.Parse(c.EvalTime)).ToList();
            if (job.StartsWith("silent-", StringComparison.Ordinal))
            {
                Assert.Empty(firing);
            }
            else
            {
                Assert.NotEmpty(firing);
                var last = firing.Max();
                Assert.Contains(checks, c => PromDuration.Parse(c.EvalTime) > last && c.ExpAlerts.All(a => a.ExpLabels["job"] != job));
            }
        }
    }

    [Theory]
    [MemberData(nameof(KpiAlertNames))]
    public void The_alert_test_starts_checking_after_the_longest_window_is_full(string alert)
    {
        var file = PromtoolTestFile.Load($"rules/tests/{alert}.test.yml");
        var lookback = RuleSet.Shipped.AlertingRules.Where(r => r.Alert == alert).Max(RuleSet.Shipped.LookbackOf);
        var first = file.Tests.SelectMany(g => g.AlertRuleTest).Min(c => PromDuration.Parse(c.EvalTime));

        Assert.True(first >= lookback, $"{alert}: first check at {first}, before its longest window ({lookback}) is full.");
    }

    [Fact]
    public void The_lookback_of_the_alerts_is_what_their_windows_add_up_to()
    {
        TimeSpan Of(string alert) => RuleSet.Shipped.AlertingRules.Where(r => r.Alert == alert).Max(RuleSet.Shipped.LookbackOf);

        Assert.Equal(TimeSpan.FromMinutes(5), Of("ErrorRatioBreach"));
        Assert.Equal(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(5), Of("ErrorBuildup"));
        Assert.Equal(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(5), Of("LatencyP99ErrorBuildup"));
        Assert.Equal(TimeSpan.FromHours(27) + TimeSpan.FromMinutes(5), Of("RequestRateAnomaly"));
        Assert.Equal(TimeSpan.FromHours(27) + TimeSpan.FromMinutes(5), Of("LatencyAverageAnomaly"));
    }
}
