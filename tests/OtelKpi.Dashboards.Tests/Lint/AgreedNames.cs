namespace OtelKpi.Dashboards.Tests.Lint;

/// <summary>Names agreed with the rules: the alerts the dashboards annotate and the threshold series they draw.</summary>
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
}
