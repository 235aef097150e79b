using System.Globalization;

namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>
/// Reads the unified (v2) hierarchy. Limits come from cpu.max and memory.max of the group and every parent up to
/// the mount point (a limit on a pod's or a systemd slice's group binds the group as much as its own); usage,
/// throttling and I/O (cpu.stat, memory.current, memory.stat, io.stat) only when the group is the process's own.
/// </summary>
internal sealed class CgroupV2Reader : ICgroupReader
{
    private readonly HostLimits host;
    private readonly SourceFiles files;
    private readonly (string Max, string Stat)[] cpuMax;
    private readonly string[] memoryMax;
    private readonly string? cpuStat;
    private readonly bool throttling;
    private readonly string? memoryCurrent;
    private readonly string? memoryStat;
    private readonly string? ioStat;

    public CgroupV2Reader(CgroupGroup group, HostLimits host, SourceFiles files, ExportPlan plan)
    {
        this.host = host;
        this.files = files;
        this.cpuMax = [.. group.Chain.Select(d => (Path.Combine(d, "cpu.max"), Path.Combine(d, "cpu.stat"))).Where(f => File.Exists(f.Item1))];
        this.memoryMax = [.. group.Chain.Select(d => Path.Combine(d, "memory.max")).Where(File.Exists)];
        this.cpuStat = plan.OwnFile(group, "cpu", "cpu.stat", ResourceSeries.CpuUsage, ResourceSeries.Periods, ResourceSeries.ThrottledPeriods, ResourceSeries.Throttled);

        // cpu.stat has nr_periods only where the cpu controller is enabled for the group (its parent's
        // cgroup.subtree_control); usage_usec is always there.
        this.throttling = this.cpuStat is not null && PseudoFile.FindValue(PseudoFile.TryRead(this.cpuStat), "nr_periods") is not null;
        if (this.cpuStat is not null && !this.throttling)
        {
            plan.Skip([ResourceSeries.Periods, ResourceSeries.ThrottledPeriods, ResourceSeries.Throttled], $"{this.cpuStat} has no nr_periods: the cpu controller is not enabled for the group");
        }

        this.memoryCurrent = plan.OwnFile(group, "memory", "memory.current", ResourceSeries.WorkingSet);
        this.memoryStat = this.memoryCurrent is null ? null : plan.ExistingFile(Path.Combine(group.Directory, "memory.stat"), ResourceSeries.WorkingSet);
        if (this.memoryStat is null)
        {
            this.memoryCurrent = null;
        }

        this.ioStat = plan.OwnFile(group, "io", "io.stat", ResourceSeries.DiskRead, ResourceSeries.DiskWrite);
    }

    public CpuSample ReadCpu()
    {
        var (limit, binding) = this.ReadLimit();
        var stat = this.files.Read(this.cpuStat, ResourceSeries.CpuUsage);
        var usage = this.files.Value(stat, this.cpuStat!, "usage_usec", ResourceSeries.CpuUsage) / 1e6;
        if (!this.throttling)
        {
            return new CpuSample(limit, usage, null, null, null);
        }

        // Throttling is counted where the binding cpu.max is set: a parent's quota throttles all its children.
        var statPath = binding ?? this.cpuStat!;
        if (binding is not null && binding != this.cpuStat)
        {
            stat = this.files.Read(binding, ResourceSeries.Periods);
        }

        return new CpuSample(
            limit,
            usage,
            this.files.Value(stat, statPath, "nr_periods", ResourceSeries.Periods),
            this.files.Value(stat, statPath, "nr_throttled", ResourceSeries.ThrottledPeriods),
            this.files.Value(stat, statPath, "throttled_usec", ResourceSeries.Throttled) / 1e6);
    }

    public MemorySample ReadMemory()
    {
        long? workingSet = null;
        if (this.memoryCurrent is not null)
        {
            var current = this.files.ReadLong(this.memoryCurrent, ResourceSeries.WorkingSet);
            var inactive = this.files.Value(this.files.Read(this.memoryStat, ResourceSeries.WorkingSet), this.memoryStat!, "inactive_file", ResourceSeries.WorkingSet);
            workingSet = current is { } c && inactive is { } i ? Math.Max(0, c - i) : null;
        }

        long? limit = null;
        foreach (var file in this.memoryMax)
        {
            // "max" means no limit at this level.
            var content = this.files.Read(file, ResourceSeries.MemoryLimit)?.Trim();
            if (content is null or "max")
            {
                continue;
            }

            if (PseudoFile.ParseLong(content) is > 0 and var bytes)
            {
                limit = limit is null || bytes < limit ? bytes : limit;
            }
            else
            {
                this.files.Malformed(file, ResourceSeries.MemoryLimit, content);
            }
        }

        return new MemorySample(workingSet, this.host.EffectiveMemoryLimit(limit));
    }

    public IoSample ReadIo()
    {
        var content = this.files.Read(this.ioStat, ResourceSeries.DiskRead);
        if (content is null)
        {
            return default;
        }

        // "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0", one line per device. An empty
        // file means no I/O yet; lines none of which can be read mean the file is not what we expect.
        long read = 0, written = 0;
        int lines = 0, readableLines = 0;
        foreach (var line in content.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            lines++;
            var readable = false;
            foreach (var field in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (field.StartsWith("rbytes=", StringComparison.Ordinal) && TryParse(field.AsSpan(7), out var r))
                {
                    read += r;
                    readable = true;
                }
                else if (field.StartsWith("wbytes=", StringComparison.Ordinal) && TryParse(field.AsSpan(7), out var w))
                {
                    written += w;
                    readable = true;
                }
            }

            readableLines += readable ? 1 : 0;
        }

        if (lines > 0 && readableLines == 0)
        {
            this.files.Malformed(this.ioStat!, ResourceSeries.DiskRead, content);
            return default;
        }

        return new IoSample(read, written);
    }

    private static bool TryParse(ReadOnlySpan<char> text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>The smallest cpu.max of the group and its parents in cores (capped at the machine), and where it is set.</summary>
    private (double Cores, string? Binding) ReadLimit()
    {
        // "max 100000" means no quota; "150000 100000" means 1.5 cores.
        double cores = this.host.CpuCount;
        string? binding = null;
        foreach (var (file, stat) in this.cpuMax)
        {
            var content = this.files.Read(file, ResourceSeries.CpuLimit);
            var parts = content?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (content is null || parts is ["max", _])
            {
                continue;
            }

            if (parts is [var quotaText, var periodText]
                && PseudoFile.ParseLong(quotaText) is > 0 and var quota
                && PseudoFile.ParseLong(periodText) is > 0 and var period)
            {
                if ((double)quota / period < cores)
                {
                    cores = (double)quota / period;
                    binding = stat;
                }
            }
            else
            {
                this.files.Malformed(file, ResourceSeries.CpuLimit, content);
            }
        }

        return (cores, binding);
    }
}
