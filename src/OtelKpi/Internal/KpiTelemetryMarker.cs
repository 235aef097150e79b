namespace OtelKpi.Internal;

/// <summary>Registered once by <c>AddKpiTelemetry()</c>; its presence makes repeated calls idempotent.</summary>
internal sealed class KpiTelemetryMarker;
