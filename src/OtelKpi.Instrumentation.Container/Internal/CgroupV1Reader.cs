namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>
/// Reads the per-controller (v1) hierarchies: cpu, cpuacct, memory and blkio. Limits come from the group and every
/// parent (a CFS quota on a parent binds the group as much as its own); usage, throttling and I/O only from groups
/// that are the process's own (see <see cref="OwnershipVerdict"/>).
/// </summary>
internal sealed class CgroupV1Reader : ICgroupReader
{
    private const double NanosecondsPerSecond = 1e9;

    private readonly HostLimits host;
    private readonly SourceFiles files;
    private readonly (string Quota, string Period, string Stat)[] quotas;
    private readonly string? cpuStat;
    private readonly string? cpuUsage;
    private readonly string? memoryUsage;
    private readonly string? memoryInactive;
    private readonly string? memoryLimit;
    private readonly string? memoryLimitStat;
    private readonly string? blkio;

    public CgroupV1Reader(CgroupLayout layout, HostLimits host, SourceFiles files, ExportPlan plan)
    {
        this.host = host;
        this.files = files;
        this.quotas = [.. (layout.Cpu?.Chain ?? [])
            .Select(d => (Path.Combine(d, "cpu.cfs_quota_us"), Path.Combine(d, "cpu.cfs_period_us"), Path.Combine(d, "cpu.stat")))
            .Where(q => File.Exists(q.Item1))];
        this.cpuStat = plan.OwnFile(layout.Cpu, "cpu", "cpu.stat", ResourceSeries.Periods, ResourceSeries.ThrottledPeriods, ResourceSeries.Throttled);
        this.cpuUsage = plan.OwnFile(layout.CpuAcct, "cpuacct", "cpuacct.usage", ResourceSeries.CpuUsage);
        this.memoryUsage = plan.OwnFile(layout.Memory, "memory", "memory.usage_in_bytes", ResourceSeries.WorkingSet);
        this.memoryInactive = this.memoryUsage is null ? null : plan.ExistingFile(Path.Combine(layout.MemoryDirectory!, "memory.stat"), ResourceSeries.WorkingSet);
        if (this.memoryInactive is null)
        {
            this.memoryUsage = null;
        }

        // The limit binds whoever shares the group, so it is read whatever the group's ownership.
        this.memoryLimit = Existing(layout.MemoryDirectory, "memory.limit_in_bytes");
        this.memoryLimitStat = Existing(layout.MemoryDirectory, "memory.stat");
        this.blkio = layout.Blkio is { Verdict.IsOwn: true } blkio && Existing(blkio.Directory, "blkio.throttle.io_service_bytes_recursive") is { } recursive
            ? recursive
            : plan.OwnFile(layout.Blkio, "blkio", "blkio.throttle.io_service_bytes", ResourceSeries.DiskRead, ResourceSeries.DiskWrite);
    }

    public CpuSample ReadCpu()
    {
        var (limit, binding) = this.ReadLimit();
        var usage = this.files.ReadLong(this.cpuUsage, ResourceSeries.CpuUsage) / NanosecondsPerSecond;
        if (this.cpuStat is null)
        {
            return new CpuSample(limit, usage, null, null, null);
        }

        // Throttling is counted where the binding quota is set: a parent's quota throttles all its children.
        var statPath = binding ?? this.cpuStat;
        var stat = this.files.Read(statPath, ResourceSeries.Periods);
        return new CpuSample(
            limit,
            usage,
            this.files.Value(stat, statPath, "nr_periods", ResourceSeries.Periods),
            this.files.Value(stat, statPath, "nr_throttled", ResourceSeries.ThrottledPeriods),
            this.files.Value(stat, statPath, "throttled_time", ResourceSeries.Throttled) / NanosecondsPerSecond);
    }

    public MemorySample ReadMemory()
    {
        long? workingSet = null;
        if (this.memoryUsage is not null)
        {
            var usage = this.files.ReadLong(this.memoryUsage, ResourceSeries.WorkingSet);
            var inactive = this.files.Value(this.files.Read(this.memoryInactive, ResourceSeries.WorkingSet), this.memoryInactive!, "total_inactive_file", ResourceSeries.WorkingSet);
            workingSet = usage is { } u && inactive is { } i ? Math.Max(0, u - i) : null;
        }

        // hierarchical_memory_limit is the smallest limit of the group and its ancestors.
        var limit = this.files.ReadLong(this.memoryLimit, ResourceSeries.MemoryLimit);
        if (PseudoFile.FindValue(this.files.Read(this.memoryLimitStat, ResourceSeries.MemoryLimit), "hierarchical_memory_limit") is > 0 and var hierarchical
            && (limit is not > 0 || hierarchical < limit))
        {
            limit = hierarchical;
        }

        return new MemorySample(workingSet, this.host.EffectiveMemoryLimit(limit));
    }

    public IoSample ReadIo()
    {
        var content = this.files.Read(this.blkio, ResourceSeries.DiskRead);
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

        if (lines > 0 && readableLines == 0)
        {
            this.files.Malformed(this.blkio!, ResourceSeries.DiskRead, content);
            return default;
        }

        return new IoSample(read, written);
    }

    /// <summary>The smallest quota of the group and its parents in cores (capped at the machine), and where it is set.</summary>
    private (double Cores, string? Binding) ReadLimit()
    {
        double cores = this.host.CpuCount;
        string? binding = null;
        foreach (var (quotaPath, periodPath, statPath) in this.quotas)
        {
            // cfs_quota_us is -1 when no quota is set.
            if (this.files.ReadLong(quotaPath, ResourceSeries.CpuLimit) is > 0 and var quota
                && this.files.ReadLong(periodPath, ResourceSeries.CpuLimit) is > 0 and var period
                && (double)quota / period < cores)
            {
                cores = (double)quota / period;
                binding = statPath;
            }
        }

        return (cores, binding);
    }

    private static string? Existing(string? directory, string file) =>
        directory is not null && File.Exists(Path.Combine(directory, file)) ? Path.Combine(directory, file) : null;
}
