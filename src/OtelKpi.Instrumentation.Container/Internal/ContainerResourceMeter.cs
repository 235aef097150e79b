using System.Diagnostics.Metrics;
using System.Reflection;

namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>
/// The observable instruments of the container and host resource metrics. Names are chosen so
/// that the Prometheus translation gives the documented <c>otelkpi_*</c> series, which never
/// collide with cAdvisor's <c>container_*</c> names.
/// </summary>
internal sealed class ContainerResourceMeter : IDisposable
{
    public const string MeterName = "OtelKpi.Instrumentation.Container";

    private static readonly string? Version =
        typeof(ContainerResourceMeter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];

    private readonly Meter meter = new(MeterName, Version);
    private readonly ResourceSampler sampler;

    public ContainerResourceMeter(ResourceSampler sampler)
    {
        this.sampler = sampler;

        this.meter.CreateObservableGauge("otelkpi.container.cpu.limit_cores", () => this.Observe(s => s.Cpu.LimitCores), "{cpu}",
            "CPU cores the container may use: its CFS quota, or the CPUs available to the process when no quota is set.");
        this.meter.CreateObservableCounter("otelkpi.container.cpu.usage", () => this.Observe(s => s.Cpu.UsageSeconds), "s",
            "CPU time consumed by all processes of the container's cgroup.");
        this.meter.CreateObservableCounter("otelkpi.container.cpu.periods", () => this.Observe(s => s.Cpu.Periods), "{period}",
            "CFS enforcement periods elapsed while the container was runnable.");
        this.meter.CreateObservableCounter("otelkpi.container.cpu.throttled_periods", () => this.Observe(s => s.Cpu.ThrottledPeriods), "{period}",
            "CFS periods in which the container was throttled because it had used its quota.");
        this.meter.CreateObservableCounter("otelkpi.container.cpu.throttled", () => this.Observe(s => s.Cpu.ThrottledSeconds), "s",
            "Time the container's threads spent throttled by the CFS quota.");

        this.meter.CreateObservableGauge("otelkpi.container.memory.working_set", () => this.Observe(s => s.Memory.WorkingSetBytes), "By",
            "Memory in use by the container minus inactive file cache (the figure the OOM killer and kubelet act on).");
        this.meter.CreateObservableGauge("otelkpi.container.memory.limit", () => this.Observe(s => s.Memory.LimitBytes), "By",
            "Memory limit of the container, or the machine's memory when no lower limit is set.");

        this.meter.CreateObservableCounter("otelkpi.container.disk.read", () => this.Observe(s => s.Io.ReadBytes), "By",
            "Bytes read from block devices by the container.");
        this.meter.CreateObservableCounter("otelkpi.container.disk.write", () => this.Observe(s => s.Io.WriteBytes), "By",
            "Bytes written to block devices by the container.");

        this.meter.CreateObservableGauge("otelkpi.filesystem.used", () => this.Observe(s => s.Filesystem.UsedBytes), "By",
            "Bytes used on the filesystem that holds the service's content root.");
        this.meter.CreateObservableGauge("otelkpi.filesystem.capacity", () => this.Observe(s => s.Filesystem.CapacityBytes), "By",
            "Size of the filesystem that holds the service's content root.");

        this.meter.CreateObservableCounter("otelkpi.network.receive", () => this.Observe(s => s.Network.ReceiveBytes), "By",
            "Bytes received on all non-loopback interfaces of the network namespace.");
        this.meter.CreateObservableCounter("otelkpi.network.transmit", () => this.Observe(s => s.Network.TransmitBytes), "By",
            "Bytes transmitted on all non-loopback interfaces of the network namespace.");
    }

    public void Dispose() => this.meter.Dispose();

    private IEnumerable<Measurement<T>> Observe<T>(Func<ResourceSnapshot, T?> select)
        where T : struct
    {
        try
        {
            return select(this.sampler.Sample()) is { } value ? [new Measurement<T>(value)] : [];
        }
#pragma warning disable CA1031 // A collection callback must never fail the scrape, whatever the reader throws.
        catch (Exception)
#pragma warning restore CA1031
        {
            // A collection callback must never fail the scrape; a missing value is the signal.
            return [];
        }
    }
}
