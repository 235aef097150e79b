using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OtelKpi.Internal;

/// <summary>
/// <c>process_start_time_seconds</c>, which OpenTelemetry's process instrumentation lacks but every
/// Prometheus client library exports (restart detection: <c>changes(process_start_time_seconds[1h])</c>).
/// </summary>
internal sealed class ProcessStartTimeMeter : IDisposable
{
    private readonly Meter meter = new(KpiInstrumentNames.ProcessMeter);

    public ProcessStartTimeMeter()
    {
        using var process = Process.GetCurrentProcess();
        var startSeconds = new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
        this.meter.CreateObservableGauge(
            KpiInstrumentNames.ProcessStartTime,
            () => startSeconds,
            unit: "s",
            description: "Start time of the process since the Unix epoch.");
    }

    public void Dispose() => this.meter.Dispose();
}
