using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OtelKpi.Internal;

/// <summary>
/// The process series every Prometheus client library exports that OpenTelemetry's process
/// instrumentation cannot give under those names: <c>process_start_time_seconds</c>, which it lacks
/// (restart detection: <c>changes(process_start_time_seconds[1h])</c>), and <c>process_cpu_seconds_total</c>.
/// The latter cannot be a View over <c>process.cpu.time</c>: dropping its <c>cpu.mode</c> attribute from an
/// asynchronous counter keeps the last mode observed instead of the sum of user and system time.
/// </summary>
internal sealed class KpiProcessMeter : IDisposable
{
    private readonly Meter meter = new(KpiInstrumentNames.ProcessMeter);

    public KpiProcessMeter()
    {
        using var process = Process.GetCurrentProcess();
        var startSeconds = new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
        this.meter.CreateObservableGauge(
            KpiInstrumentNames.ProcessStartTime,
            () => startSeconds,
            unit: "s",
            description: "Start time of the process since the Unix epoch.");

        this.meter.CreateObservableCounter(
            KpiInstrumentNames.ProcessCpu,
            () => Environment.CpuUsage.TotalTime.TotalSeconds,
            unit: "s",
            description: "Total user and system CPU time spent in seconds.");
    }

    public void Dispose() => this.meter.Dispose();
}
