using System.Diagnostics.Tracing;

namespace OtelKpi.Internal;

/// <summary>
/// OtelKpi's self-diagnostics for OpenTelemetry's tooling (OTEL_DIAGNOSTICS.json, dotnet-trace): the same
/// misconfiguration and export-health events as the <c>OtelKpi</c> log category, under the name prefix
/// OpenTelemetry's self-diagnostics listens to.
/// </summary>
[EventSource(Name = "OpenTelemetry-OtelKpi")]
internal sealed class KpiEventSource : EventSource
{
    public static readonly KpiEventSource Log = new();

    [Event(1, Level = EventLevel.Critical, Message = "{0}")]
    public void InvalidConfiguration(string failure) => this.WriteEvent(1, failure);

    [Event(2, Level = EventLevel.Warning, Message = "OTLP export to {0} failed: {1}")]
    public void OtlpExportFailed(string endpoint, string reason) => this.WriteEvent(2, endpoint, reason);

    [Event(3, Level = EventLevel.Informational, Message = "OTLP export to {0} recovered after {1} failed exports")]
    public void OtlpExportRecovered(string endpoint, long failures) => this.WriteEvent(3, endpoint, failures);
}
