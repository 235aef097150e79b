namespace OtelKpi.Rules.Tests.Support;

/// <summary>
/// The per-job objectives and thresholds (rules/otelkpi-objectives.rules.yml): their names, shipped defaults
/// and override inputs. The first five are the names other parts of OtelKpi (the dashboards) depend on.
/// </summary>
public static class Objectives
{
    /// <summary>The suffix of the series a user records to override a default for one job.</summary>
    public const string OverrideSuffix = ":override";

    /// <summary>Every objective or threshold name with its shipped default.</summary>
    public static IReadOnlyDictionary<string, double> Defaults { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["otelkpi:error_ratio_threshold"] = 0.05,
        ["otelkpi:availability_objective"] = 0.999,
        ["otelkpi:latency_average_threshold_seconds"] = 0.5,
        ["otelkpi:latency_objective_threshold_seconds"] = 0.5,
        ["otelkpi:latency_objective"] = 0.99,
        ["otelkpi:alert_min_requests"] = 100,
        ["otelkpi:alert_min_bad_requests"] = 10,
    };

    /// <summary>The names agreed with the dashboards, which draw them as threshold lines.</summary>
    public static IReadOnlyList<string> Agreed { get; } =
    [
        "otelkpi:error_ratio_threshold",
        "otelkpi:availability_objective",
        "otelkpi:latency_average_threshold_seconds",
        "otelkpi:latency_objective_threshold_seconds",
        "otelkpi:latency_objective",
    ];

    /// <summary>The thresholds in seconds, which must be latency bucket boundaries.</summary>
    public static IReadOnlyList<string> LatencyThresholds { get; } =
        ["otelkpi:latency_average_threshold_seconds", "otelkpi:latency_objective_threshold_seconds"];

    /// <summary>The series a user's override file may record: each name with <see cref="OverrideSuffix"/>.</summary>
    public static IReadOnlySet<string> OverrideInputs { get; } = Defaults.Keys.Select(n => n + OverrideSuffix).ToHashSet();
}
