namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>
/// The machine's own capacity, used as the effective limit when the cgroup sets none so that
/// "% of limit" is always defined, and to cap limits larger than the machine.
/// </summary>
internal sealed record HostLimits(int CpuCount, long? MemoryBytes)
{
    public static HostLimits Read(HostPaths paths) =>
        new(Environment.ProcessorCount, KibibytesToBytes(PseudoFile.FindValue(PseudoFile.TryRead(paths.Resolve("/proc/meminfo")), "MemTotal")));

    /// <summary>The cgroup limit, or the machine's memory when the limit is absent or larger.</summary>
    public long? EffectiveMemoryLimit(long? cgroupLimit)
    {
        if (cgroupLimit is null or <= 0)
        {
            return this.MemoryBytes;
        }

        return this.MemoryBytes is { } machine && cgroupLimit > machine ? machine : cgroupLimit;
    }

    private static long? KibibytesToBytes(long? kibibytes) => kibibytes * 1024;
}
