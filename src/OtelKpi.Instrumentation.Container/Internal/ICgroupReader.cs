namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>Reads the current figures of the process's cgroup. Implementations never throw.</summary>
internal interface ICgroupReader
{
    CpuSample ReadCpu();

    MemorySample ReadMemory();

    IoSample ReadIo();

    /// <summary>The reader for a detected layout.</summary>
    static ICgroupReader For(CgroupLayout layout, HostLimits host) => layout.Version switch
    {
        CgroupVersion.V2 => new CgroupV2Reader(layout.CpuDirectory!, host, layout.UnifiedMountPoint),
        CgroupVersion.V1 => new CgroupV1Reader(layout, host),
        _ => NoCgroupReader.Instance,
    };
}

/// <summary>The reader used where no cgroup is visible (Windows, macOS, bare processes).</summary>
internal sealed class NoCgroupReader : ICgroupReader
{
    public static NoCgroupReader Instance { get; } = new();

    public CpuSample ReadCpu() => default;

    public MemorySample ReadMemory() => default;

    public IoSample ReadIo() => default;
}
