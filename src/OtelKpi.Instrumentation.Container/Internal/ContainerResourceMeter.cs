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
    private int instruments;

    public ContainerResourceMeter(ResourceSampler sampler)
    {
        this.sampler = sampler;

        this.Gauge("otelkpi.container.cpu.limit_cores", s => s.Cpu.LimitCores, "{cpu}",
            "CPU cores the container may use: the smallest CFS quota of its cgroup and their parents, or the CPUs available to the process when no quota is set.");
        this.Counter("otelkpi.container.cpu.usage", s => s.Cpu.UsageSeconds, "s",
            "CPU time consumed by all processes of the container's own cgroup.");
        this.Counter("otelkpi.container.cpu.periods", s => s.Cpu.Periods, "{period}",
            "CFS enforcement periods elapsed while the container was runnable.");
        this.Counter("otelkpi.container.cpu.throttled_periods", s => s.Cpu.ThrottledPeriods, "{period}",
            "CFS periods in which the container was throttled because it had used its quota.");
        this.Counter("otelkpi.container.cpu.throttled", s => s.Cpu.ThrottledSeconds, "s",
            "Time the container's threads spent throttled by the CFS quota.");

        this.Gauge("otelkpi.container.memory.working_set", s => s.Memory.WorkingSetBytes, "By",
            "Memory in use by the container's own cgroup minus inactive file cache (the figure the OOM killer and kubelet act on).");
        this.Gauge("otelkpi.container.memory.limit", s => s.Memory.LimitBytes, "By",
            "Memory limit of the container, or the machine's memory when no lower limit is set.");

        this.Counter("otelkpi.container.disk.read", s => s.Io.ReadBytes, "By",
            "Bytes read from block devices by the container.");
        this.Counter("otelkpi.container.disk.write", s => s.Io.WriteBytes, "By",
            "Bytes written to block devices by the container.");

        this.Gauge("otelkpi.filesystem.used", s => s.Filesystem.UsedBytes, "By",
            "Bytes used on the filesystem that holds the service's content root (df's Used: all blocks less the free ones).");
        this.Gauge("otelkpi.filesystem.available", s => s.Filesystem.AvailableBytes, "By",
            "Bytes an unprivileged process may still write on that filesystem (df's Avail: free space less the blocks reserved for root).");
        this.Gauge("otelkpi.filesystem.capacity", s => s.Filesystem.CapacityBytes, "By",
            "Size of the filesystem that holds the service's content root (df's Size).");

        this.Counter("otelkpi.network.receive", s => s.Network.ReceiveBytes, "By",
            "Bytes received on all non-loopback interfaces of the container's own network namespace.");
        this.Counter("otelkpi.network.transmit", s => s.Network.TransmitBytes, "By",
            "Bytes transmitted on all non-loopback interfaces of the container's own network namespace.");
    }

    /// <summary>This instance's meter: several may exist in one process (two hosts, parallel tests), all of one name.</summary>
    internal Meter Meter => this.meter;

    public void Dispose()
    {
        this.meter.Dispose();
        this.sampler.Dispose();
    }

    private void Gauge<T>(string name, Func<ResourceSnapshot, T?> select, string unit, string description)
        where T : struct
    {
        var consumer = this.instruments++;
        this.meter.CreateObservableGauge(name, () => this.Observe(consumer, name, select), unit, description);
    }

    private void Counter<T>(string name, Func<ResourceSnapshot, T?> select, string unit, string description)
        where T : struct
    {
        var consumer = this.instruments++;
        this.meter.CreateObservableCounter(name, () => this.Observe(consumer, name, select), unit, description);
    }

    private IEnumerable<Measurement<T>> Observe<T>(int consumer, string name, Func<ResourceSnapshot, T?> select)
        where T : struct
    {
        try
        {
            return select(this.sampler.Sample(consumer)) is { } value ? [new Measurement<T>(value)] : [];
        }
#pragma warning disable CA1031 // A collection callback must never fail the scrape: the error is logged (rate-limited) and the value left out.
        catch (Exception e)
#pragma warning restore CA1031
        {
            this.sampler.Failures.Report("the resource sampler", name, "an unexpected error", e);
            return [];
        }
    }
}
