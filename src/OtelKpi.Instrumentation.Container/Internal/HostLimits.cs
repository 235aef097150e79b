namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>
/// The machine's own capacity, used as the effective limit when the cgroup sets none so that
/// "% of limit" is always defined, and to cap limits larger than the machine.
/// </summary>
internal sealed record HostLimits(int CpuCount, long? MemoryBytes)
{
    /// <summary>
    /// CPUs: <see cref="Environment.ProcessorCount"/> (the CPUs this process may run on). Memory: MemTotal of
    /// /proc/meminfo on Linux; elsewhere (Windows, macOS) the memory the GC sees as available to the process,
    /// which is the machine's or a job object's limit.
    /// </summary>
    public static HostLimits Read(HostPaths paths)
    {
        var memTotal = KibibytesToBytes(PseudoFile.FindValue(PseudoFile.TryRead(paths.Resolve("/proc/meminfo")), "MemTotal"));
        if (memTotal is null && !OperatingSystem.IsLinux())
        {
            memTotal = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes is > 0 and var available ? available : null;
        }

        return new(Environment.ProcessorCount, memTotal);
    }

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
