namespace OtelKpi.Rules.Tests.Support;

/// <summary>One tier of a multi-window multi-burn-rate alert.</summary>
/// <param name="LongWindow">The window the burn rate is judged over.</param>
/// <param name="ShortWindow">The window that must still burn, so the alert stops soon after the problem.</param>
/// <param name="Factor">The burn rate above which the tier fires.</param>
/// <param name="Severity">critical pages, warning is a ticket.</param>
/// <param name="For">How long the condition must hold.</param>
public sealed record BurnRateTier(string LongWindow, string ShortWindow, double Factor, string Severity, string For);

/// <summary>The alerts, exactly, and the burn-rate tiers of the SRE workbook for a 30-day SLO.</summary>
public static class Alerts
{
    /// <summary>The six KPI alerts the product started with; their names are agreed with the dashboards.</summary>
    public static IReadOnlyList<string> KpiAlerts { get; } =
        ["ErrorRatioBreach", "ErrorBuildup", "LatencyAverageBreach", "LatencyP99ErrorBuildup", "RequestRateAnomaly", "LatencyAverageAnomaly"];

    /// <summary>The alerts on the KPI pipeline itself: data gone, targets down, cardinality, objectives.</summary>
    public static IReadOnlyList<string> HealthAlerts { get; } =
        ["KpiSeriesAbsent", "KpiTargetDown", "KpiCardinalityOverflow", "KpiObjectiveInvalid"];

    /// <summary>Every alert name.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. KpiAlerts, .. HealthAlerts];

    /// <summary>The severity of each alert (the burn-rate alerts have one per tier).</summary>
    public static IReadOnlyDictionary<string, string[]> Severities { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["ErrorRatioBreach"] = ["warning"],
        ["ErrorBuildup"] = ["critical", "warning"],
        ["LatencyAverageBreach"] = ["warning"],
        ["LatencyP99ErrorBuildup"] = ["critical", "warning"],
        ["RequestRateAnomaly"] = ["warning"],
        ["LatencyAverageAnomaly"] = ["warning"],
        ["KpiSeriesAbsent"] = ["critical"],
        ["KpiTargetDown"] = ["warning"],
        ["KpiCardinalityOverflow"] = ["warning"],
        ["KpiObjectiveInvalid"] = ["warning"],
    };

    /// <summary>The alerts built as burn-rate tiers.</summary>
    public static IReadOnlyList<string> BurnRateAlerts { get; } = ["ErrorBuildup", "LatencyP99ErrorBuildup"];

    /// <summary>Page on 1h and 5m above 14.4x, or 6h and 30m above 6x; ticket on 1d and 2h above 3x, or 3d and 6h above 1x.</summary>
    public static IReadOnlyList<BurnRateTier> Tiers { get; } =
    [
        new("1h", "5m", 14.4, "critical", "2m"),
        new("6h", "30m", 6, "critical", "15m"),
        new("1d", "2h", 3, "warning", "1h"),
        new("3d", "6h", 1, "warning", "3h"),
    ];

    /// <summary>Where the runbooks are published (rules/src/settings.yml); each alert links to its own.</summary>
    public static string RunbookBase => Topology.RunbookBase;

    /// <summary>The runbook of an alert, relative to the repository root.</summary>
    public static string RunbookPath(string alert) => $"docs/runbooks/{alert}.md";
}
