using OpenTelemetry.Metrics;

namespace OtelKpi.Internal.Exposition;

/// <summary>The Prometheus type of a metric family, as written on its <c># TYPE</c> line.</summary>
internal enum PrometheusFamilyType
{
    Untyped,
    Counter,
    Gauge,
    Summary,
    Histogram,
}

internal static class PrometheusFamilyTypes
{
    /// <summary>
    /// Monotonic sums are counters, non-monotonic sums (UpDownCounters) and gauges are gauges, as the
    /// OpenTelemetry specification maps them to Prometheus. The high nibble of <see cref="MetricType"/> is the kind.
    /// </summary>
    public static PrometheusFamilyType Of(MetricType type) => ((int)type >> 4) switch
    {
        0 => PrometheusFamilyType.Untyped,
        1 => PrometheusFamilyType.Counter,
        2 or 8 => PrometheusFamilyType.Gauge,
        3 => PrometheusFamilyType.Summary,
        4 or 5 or 6 or 7 => PrometheusFamilyType.Histogram,
        _ => throw new InvalidOperationException($"Unknown metric type {type}."),
    };

    public static string Keyword(PrometheusFamilyType type) => type switch
    {
        PrometheusFamilyType.Counter => "counter",
        PrometheusFamilyType.Gauge => "gauge",
        PrometheusFamilyType.Summary => "summary",
        PrometheusFamilyType.Histogram => "histogram",
        _ => "untyped",
    };
}
