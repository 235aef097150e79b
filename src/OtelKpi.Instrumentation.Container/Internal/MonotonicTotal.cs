namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>
/// Adds up cumulative counters of sources that come and go (network interfaces) into one total that never
/// decreases. A plain sum drops when a source disappears, and Prometheus would read that as a counter reset
/// and show a spike the size of the whole remaining total. Here each source adds only what it grew by since
/// the last read; a new source adds its whole value, and a source whose counter went backwards (recreated
/// under the same name) adds its new value. Not thread-safe: the sampler reads under its lock.
/// </summary>
internal sealed class MonotonicTotal
{
    private readonly Dictionary<string, Source> sources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Source>.AlternateLookup<ReadOnlySpan<char>> byName;
    private long total;
    private int round;
    private int seenThisRound;

    public MonotonicTotal() => this.byName = this.sources.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Records one source's current cumulative value for the read in progress.</summary>
    public void Observe(ReadOnlySpan<char> name, long value)
    {
        if (this.byName.TryGetValue(name, out var source))
        {
            if (source.Round == this.round)
            {
                return; // listed twice in one read: the first line counts
            }

            this.total += value >= source.Value ? value - source.Value : value;
        }
        else
        {
            this.total += value;
        }

        this.byName[name] = new Source(value, this.round);
        this.seenThisRound++;
    }

    /// <summary>Ends the read: forgets the sources it did not list and returns the total.</summary>
    public long Complete()
    {
        if (this.sources.Count > this.seenThisRound)
        {
            var round = this.round;
            foreach (var gone in this.sources.Where(s => s.Value.Round != round).Select(s => s.Key).ToList())
            {
                this.sources.Remove(gone);
            }
        }

        this.round++;
        this.seenThisRound = 0;
        return this.total;
    }

    private readonly record struct Source(long Value, int Round);
}
