namespace OtelKpi.Benchmarks;

/// <summary>A clock that moves only when told to, so every benchmark invocation can start a new collection.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private long timestamp = 1;

    public override long GetTimestamp() => this.timestamp;

    public void Advance(TimeSpan by) => this.timestamp += (long)(by.TotalSeconds * this.TimestampFrequency);
}
