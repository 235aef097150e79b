using System.Globalization;

namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>
/// Totals received and transmitted bytes over the non-loopback interfaces of /proc/net/dev,
/// which is the view of the process's network namespace (the pod's, on Kubernetes). Interfaces come and
/// go (veth pairs, tunnels), so the totals are kept per interface and never decrease.
/// </summary>
internal sealed class NetworkReader
{
    private const int FieldsPerInterface = 16;

    private readonly string? procNetDev;
    private readonly SourceFiles files;
    private readonly MonotonicTotal received = new();
    private readonly MonotonicTotal transmitted = new();
    private int unparsed;

    /// <summary>Reads /proc/net/dev, or nothing when <paramref name="enabled"/> is false (the machine's namespace).</summary>
    public NetworkReader(HostPaths paths, SourceFiles? files = null, bool enabled = true)
    {
        this.files = files ?? new SourceFiles(ReadFailureLog.Silent);
        this.procNetDev = enabled ? paths.Resolve("/proc/net/dev") : null;
    }

    public NetworkSample Read()
    {
        var content = this.files.Read(this.procNetDev, ResourceSeries.NetworkReceive);
        var sample = this.Accumulate(content);
        if (this.unparsed > 0)
        {
            this.files.Malformed(this.procNetDev!, ResourceSeries.NetworkReceive, content!);
        }

        return sample;
    }

    internal NetworkSample Accumulate(string? content)
    {
        if (content is null)
        {
            return default;
        }

        // Two header lines, then "  eth0: rx_bytes rx_packets ... (8 receive fields) tx_bytes ...".
        // Parsed in place: this runs on every scrape and splitting allocated a string per field.
        var interfaces = 0;
        this.unparsed = 0;
        Span<Range> fields = stackalloc Range[FieldsPerInterface + 1];
        foreach (var line in content.AsSpan().EnumerateLines())
        {
            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            if (name.SequenceEqual("lo") || name.Contains('|'))
            {
                continue;
            }

            var values = line[(colon + 1)..];
            if (values.Split(fields, ' ', StringSplitOptions.RemoveEmptyEntries) < FieldsPerInterface
                || !long.TryParse(values[fields[0]], NumberStyles.None, CultureInfo.InvariantCulture, out var rx)
                || !long.TryParse(values[fields[8]], NumberStyles.None, CultureInfo.InvariantCulture, out var tx))
            {
                this.unparsed++;
                continue;
            }

            this.received.Observe(name, rx);
            this.transmitted.Observe(name, tx);
            interfaces++;
        }

        // A read that finds no interface leaves the totals as they were: the metric is omitted this time.
        return interfaces == 0 ? default : new NetworkSample(this.received.Complete(), this.transmitted.Complete());
    }
}
