using OpenTelemetry.Metrics;

namespace OtelKpi.Internal.Exposition;

/// <summary>
/// One metric of a collection as it is written: its Prometheus name and type, and whether its <c># TYPE</c> and
/// <c># HELP</c> lines come first (only the first metric of a name carries them).
/// </summary>
internal sealed record ScrapeFamily(Metric Metric, string Name, PrometheusFamilyType Type, bool WriteMetadata, string? Help);
