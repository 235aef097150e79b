using System.Globalization;

namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>
/// Reads the unified (v2) hierarchy: cpu.stat, memory.current, memory.stat and io.stat of the process's
/// group, and cpu.max and memory.max of that group and of every ancestor below
/// <paramref name="mountPoint"/>, because a limit set on a parent (a pod's slice, a systemd slice) binds
/// the group as much as its own.
/// </summary>
internal sealed class CgroupV2Reader(string directory, HostLimits host, string? mountPoint = null) : ICgroupReader
{
    private readonly string[] cpuMax = InGroupAndAncestors(directory, mountPoint, "cpu.max");
    private readonly string cpuStat = Path.Combine(directory, "cpu.stat");
    private readonly string memoryCurrent = Path.Combine(directory, "memory.current");
    private readonly string[] memoryMax = InGroupAndAncestors(directory, mountPoint, "memory.max");
    private readonly string memoryStat = Path.Combine(directory, "memory.stat");
    private readonly string ioStat = Path.Combine(directory, "io.stat");

    public CpuSample ReadCpu()
    {
        var stat = PseudoFile.TryRead(this.cpuStat);
        return new CpuSample(
            this.ReadLimitCores(),
            PseudoFile.FindValue(stat, "usage_usec") / 1e6,
            PseudoFile.FindValue(stat, "nr_periods"),
            PseudoFile.FindValue(stat, "nr_throttled"),
            PseudoFile.FindValue(stat, "throttled_usec") / 1e6);
    }

    public MemorySample ReadMemory()
    {
        var current = PseudoFile.ReadLong(this.memoryCurrent);
        var inactiveFile = PseudoFile.FindValue(PseudoFile.TryRead(this.memoryStat), "inactive_file") ?? 0;
        long? limit = null;
        foreach (var file in this.memoryMax)
        {
            // "max" means no limit at this level.
            if (PseudoFile.ParseLong(PseudoFile.TryRead(file)?.Trim()) is > 0 and var bytes && (limit is null || bytes < limit))
            {
                limit = bytes;
            }
        }

        return new MemorySample(current is { } c ? Math.Max(0, c - inactiveFile) : null, host.EffectiveMemoryLimit(limit));
    }

    public IoSample ReadIo()
    {
        var content = PseudoFile.TryRead(this.ioStat);
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

        return lines > 0 && readableLines == 0 ? default : new IoSample(read, written);
    }

    private static bool TryParse(ReadOnlySpan<char> text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private double? ReadLimitCores()
    {
        // "max 100000" means no quota; "150000 100000" means 1.5 cores.
        double cores = host.CpuCount;
        foreach (var file in this.cpuMax)
        {
            var parts = PseudoFile.TryRead(file)?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts is { Length: 2 } && parts[0] != "max"
                && PseudoFile.ParseLong(parts[0]) is > 0 and var quota
                && PseudoFile.ParseLong(parts[1]) is > 0 and var period)
            {
                cores = Math.Min(cores, (double)quota / period);
            }
        }

        return cores;
    }

    /// <summary>The file in the group's directory and in each parent up to (not including) the mount point.</summary>
    private static string[] InGroupAndAncestors(string directory, string? mountPoint, string file)
    {
        var files = new List<string> { Path.Combine(directory, file) };
        if (mountPoint is null)
        {
            return [.. files];
        }

        var below = Path.TrimEndingDirectorySeparator(mountPoint) + "/";
        for (var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(directory));
            parent is not null && parent.StartsWith(below, StringComparison.Ordinal);
            parent = Path.GetDirectoryName(parent))
        {
            files.Add(Path.Combine(parent, file));
        }

        return [.. files];
    }
}
