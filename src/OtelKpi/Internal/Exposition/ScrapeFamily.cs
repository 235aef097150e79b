using OpenTelemetry.Metrics;

namespace OtelKpi.Internal.Exposition;

/// <summary>
/// One metric of a collection as it is written: its Prometheus name and type, and whether its <c># TYPE</c> and
/// <c># HELP</c> lines come first (only the first metric of a name carries them). How its points hold their values
/// is read once here, not per point: <see cref="MetricTypeExtensions.IsHistogram"/> boxes the enum unless the JIT
/// has optimised its caller.
/// </summary>
internal sealed record ScrapeFamily(Metric Metric, string Name, PrometheusFamilyType Type, bool WriteMetadata, string? Help)
{
    public bool IsHistogram { get; } = Metric.MetricType.IsHistogram();

    public bool IsSum { get; } = Metric.MetricType.IsSum();

    public bool IsLong { get; } = Metric.MetricType.IsLong();
}
