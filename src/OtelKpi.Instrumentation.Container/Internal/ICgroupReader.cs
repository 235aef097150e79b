namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>Reads the current figures of the process's cgroup. Implementations never throw.</summary>
internal interface ICgroupReader
{
    CpuSample ReadCpu();

    MemorySample ReadMemory();

    IoSample ReadIo();
}

/// <summary>The reader used where no cgroup is visible (Windows, macOS, bare processes).</summary>
internal sealed class NoCgroupReader : ICgroupReader
{
    public static NoCgroupReader Instance { get; } = new();

    public CpuSample ReadCpu() => default;

    public MemorySample ReadMemory() => default;

    public IoSample ReadIo() => default;
}
