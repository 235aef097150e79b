using OpenTelemetry;
using OpenTelemetry.Metrics;
using System.Diagnostics;

namespace OtelKpi.Internal;

/// <summary>
/// The periodic OTLP reader, reporting whether each export succeeded to <see cref="OtlpExportHealth"/>. The
/// exporter stays the reader's own (so it keeps the provider's resource); only the outcome is observed.
/// </summary>
internal sealed class OtlpExportingMetricReader(BaseExporter<Metric> exporter, int exportIntervalMilliseconds, int exportTimeoutMilliseconds, OtlpExportHealth health)
    : PeriodicExportingMetricReader(exporter, exportIntervalMilliseconds, exportTimeoutMilliseconds)
{
    protected override bool OnCollect(int timeoutMilliseconds)
    {
        // Real time, also under a test's fake TimeProvider: it tells a timeout from a refusal.
        var started = Stopwatch.GetTimestamp();
        var exported = base.OnCollect(timeoutMilliseconds);
        health.Exported(exported, Stopwatch.GetElapsedTime(started));
        return exported;
    }
}
