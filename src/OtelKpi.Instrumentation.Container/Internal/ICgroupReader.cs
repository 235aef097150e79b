namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>Reads the current figures of the process's cgroup. Implementations never throw.</summary>
internal interface ICgroupReader
{
    CpuSample ReadCpu();

    MemorySample ReadMemory();

    IoSample ReadIo();

    /// <summary>The reader for a detected layout; <paramref name="plan"/> records what it will not export and why.</summary>
    static ICgroupReader For(CgroupLayout layout, HostLimits host, SourceFiles? files = null, ExportPlan? plan = null)
    {
        files ??= new SourceFiles(ReadFailureLog.Silent);
        plan ??= new ExportPlan();
        return layout.Version switch
        {
            CgroupVersion.V2 => new CgroupV2Reader(layout.Cpu!, host, files, plan),
            CgroupVersion.V1 => new CgroupV1Reader(layout, host, files, plan),
            _ => new NoCgroupReader(host, plan),
        };
    }
}

/// <summary>
/// The reader used where no cgroup is visible (Windows, macOS, a Linux without a cgroup filesystem): only the
/// machine's limits, so that "% of limit" stays defined with the process series as usage.
/// </summary>
internal sealed class NoCgroupReader : ICgroupReader
{
    private readonly HostLimits host;

    public NoCgroupReader(HostLimits host, ExportPlan plan)
    {
        this.host = host;
        plan.Skip(
            [ResourceSeries.CpuUsage, ResourceSeries.Periods, ResourceSeries.ThrottledPeriods, ResourceSeries.Throttled, ResourceSeries.WorkingSet, ResourceSeries.DiskRead, ResourceSeries.DiskWrite],
            "no cgroup filesystem is visible (not Linux, or none mounted); the limits are the machine's and the panels use the process series");
    }

    public CpuSample ReadCpu() => new(this.host.CpuCount, null, null, null, null);

    public MemorySample ReadMemory() => new(null, this.host.MemoryBytes);

    public IoSample ReadIo() => default;
}
