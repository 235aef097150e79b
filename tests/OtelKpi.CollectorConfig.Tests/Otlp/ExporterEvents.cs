using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace OtelKpi.CollectorConfig.Tests.Otlp;

/// <summary>Records the warnings and errors the OpenTelemetry OTLP exporter reports through its EventSource.</summary>
internal sealed class ExporterEvents : EventListener
{
    private const string SourcePrefix = "OpenTelemetry-Exporter-OpenTelemetryProtocol";
    private readonly ConcurrentQueue<string> problems = new();

    /// <summary>Gets the names of the warning and error events seen so far.</summary>
    public IReadOnlyList<string> Problems => [.. this.problems];

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name.StartsWith(SourcePrefix, StringComparison.Ordinal))
        {
            this.EnableEvents(eventSource, EventLevel.Warning);
        }

        base.OnEventSourceCreated(eventSource);
    }

    /// <inheritdoc />
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventSource.Name.StartsWith(SourcePrefix, StringComparison.Ordinal) && eventData.Level <= EventLevel.Warning)
        {
            this.problems.Enqueue(eventData.EventName ?? eventData.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
