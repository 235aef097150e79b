namespace OtelKpi.Dashboards.Tests.Lint;

/// <summary>Names agreed with the rules: the alerts the dashboards annotate and the rule series they draw.</summary>
public static class AgreedNames
{
    /// <summary>The OtelKpi alerts shown as annotations.</summary>
    public static IReadOnlyList<string> Alerts { get; } =
        ["RequestRateAnomaly", "ErrorRatioBreach", "ErrorBuildup", "LatencyAverageBreach", "LatencyAverageAnomaly", "LatencyP99ErrorBuildup"];

    /// <summary>The per-job threshold and objective series drawn as lines, with their shipped default values.</summary>
    public static IReadOnlyDictionary<string, double> ReferenceSeries { get; } = new Dictionary<string, double>
    {
        ["otelkpi:error_ratio_threshold"] = 0.05,
        ["otelkpi:availability_objective"] = 0.999,
        ["otelkpi:latency_average_threshold_seconds"] = 0.5,
        ["otelkpi:latency_objective_threshold_seconds"] = 0.5,
        ["otelkpi:latency_objective"] = 0.99,
    };

    /// <summary>
    /// Rule-recorded KPIs a panel draws as its own line: the Latency SLI reads the slow-request ratio the alert
    /// burns, the only way to follow each job's T.
    /// </summary>
    public static IReadOnlyList<string> RecordedKpis { get; } =
        ["job:http_server_slow_requests:ratio_rate5m", SloSli, SloErrorBudgetRemaining];

    /// <summary>The 30-day SLI of each objective, per job and <c>slo</c> (availability, latency), from the SLO rules.</summary>
    public const string SloSli = "job:otelkpi_slo_sli:ratio_rate30d";

    /// <summary>The share of each 30-day error budget left, per job and <c>slo</c>, from the SLO rules.</summary>
    public const string SloErrorBudgetRemaining = "job:otelkpi_slo_error_budget_remaining:ratio";

    /// <summary>The labels rule-recorded series may be filtered and grouped by.</summary>
    public static IReadOnlySet<string> RecordedLabels(string metric) =>
        metric.StartsWith("job:otelkpi_slo_", StringComparison.Ordinal) ? new HashSet<string> { "job", "slo" } : new HashSet<string> { "job" };
}
