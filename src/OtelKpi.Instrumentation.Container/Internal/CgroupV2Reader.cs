using System.Globalization;

namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>Reads the unified (v2) hierarchy: cpu.max, cpu.stat, memory.*, io.stat.</summary>
internal sealed class CgroupV2Reader(string directory, HostLimits host) : ICgroupReader
{
    private readonly string cpuMax = Path.Combine(directory, "cpu.max");
    private readonly string cpuStat = Path.Combine(directory, "cpu.stat");
    private readonly string memoryCurrent = Path.Combine(directory, "memory.current");
    private readonly string memoryMax = Path.Combine(directory, "memory.max");
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
        var limitText = PseudoFile.TryRead(this.memoryMax)?.Trim();
        var limit = limitText == "max" ? null : PseudoFile.ParseLong(limitText);
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
        var text = PseudoFile.TryRead(this.cpuMax);
        var parts = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts is { Length: 2 } && parts[0] != "max"
            && PseudoFile.ParseLong(parts[0]) is > 0 and var quota
            && PseudoFile.ParseLong(parts[1]) is > 0 and var period)
        {
            return Math.Min((double)quota / period, host.CpuCount);
        }

        return host.CpuCount;
    }
}
