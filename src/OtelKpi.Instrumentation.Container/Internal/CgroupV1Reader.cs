namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>Reads the per-controller (v1) hierarchies: cpu, cpuacct, memory and blkio.</summary>
internal sealed class CgroupV1Reader(CgroupLayout layout, HostLimits host) : ICgroupReader
{
    private const double NanosecondsPerSecond = 1e9;

    private readonly string? quota = Combine(layout.CpuDirectory, "cpu.cfs_quota_us");
    private readonly string? period = Combine(layout.CpuDirectory, "cpu.cfs_period_us");
    private readonly string? cpuStat = Combine(layout.CpuDirectory, "cpu.stat");
    private readonly string? cpuUsage = Combine(layout.CpuAcctDirectory, "cpuacct.usage");
    private readonly string? memoryUsage = Combine(layout.MemoryDirectory, "memory.usage_in_bytes");
    private readonly string? memoryLimit = Combine(layout.MemoryDirectory, "memory.limit_in_bytes");
    private readonly string? memoryStat = Combine(layout.MemoryDirectory, "memory.stat");
    private readonly string? blkioRecursive = Combine(layout.BlkioDirectory, "blkio.throttle.io_service_bytes_recursive");
    private readonly string? blkio = Combine(layout.BlkioDirectory, "blkio.throttle.io_service_bytes");

    public CpuSample ReadCpu()
    {
        var stat = Read(this.cpuStat);
        return new CpuSample(
            this.ReadLimitCores(),
            ReadLong(this.cpuUsage) / NanosecondsPerSecond,
            PseudoFile.FindValue(stat, "nr_periods"),
            PseudoFile.FindValue(stat, "nr_throttled"),
            PseudoFile.FindValue(stat, "throttled_time") / NanosecondsPerSecond);
    }

    public MemorySample ReadMemory()
    {
        var usage = ReadLong(this.memoryUsage);
        var stat = Read(this.memoryStat);
        var inactiveFile = PseudoFile.FindValue(stat, "total_inactive_file") ?? 0;
        // hierarchical_memory_limit is the smallest limit of the group and its ancestors.
        var limit = ReadLong(this.memoryLimit);
        if (PseudoFile.FindValue(stat, "hierarchical_memory_limit") is > 0 and var hierarchical && (limit is not > 0 || hierarchical < limit))
        {
            limit = hierarchical;
        }

        return new MemorySample(usage is { } u ? Math.Max(0, u - inactiveFile) : null, host.EffectiveMemoryLimit(limit));
    }

    public IoSample ReadIo()
    {
        var content = Read(this.blkioRecursive) ?? Read(this.blkio);
        if (content is null)
        {
            return default;
        }

        // "8:0 Read 4096", "8:0 Write 512", ..., "Total 4608". Only "Total 0" means no I/O yet;
        // lines none of which can be read mean the file is not what we expect.
        long read = 0, written = 0;
        int lines = 0, readableLines = 0;
        foreach (var line in content.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            lines++;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is ["Total", var total] && PseudoFile.ParseLong(total) is not null)
            {
                readableLines++;
                continue;
            }

            if (fields.Length != 3 || PseudoFile.ParseLong(fields[2]) is not { } bytes)
            {
                continue;
            }

            readableLines++;

            if (fields[1] == "Read")
            {
                read += bytes;
            }
            else if (fields[1] == "Write")
            {
                written += bytes;
            }
        }

        return lines > 0 && readableLines == 0 ? default : new IoSample(read, written);
    }

    private static string? Combine(string? directory, string file) => directory is null ? null : Path.Combine(directory, file);

    private static string? Read(string? path) => path is null ? null : PseudoFile.TryRead(path);

    private static long? ReadLong(string? path) => path is null ? null : PseudoFile.ReadLong(path);

    private double? ReadLimitCores()
    {
        // cfs_quota_us is -1 when no quota is set.
        if (ReadLong(this.quota) is > 0 and var q && ReadLong(this.period) is > 0 and var p)
        {
            return Math.Min((double)q / p, host.CpuCount);
        }

        return host.CpuCount;
    }
}
