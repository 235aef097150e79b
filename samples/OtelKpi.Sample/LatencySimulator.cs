namespace OtelKpi.Sample;

/// <summary>The latency shapes of the sample's routes.</summary>
public enum LatencyProfile
{
    /// <summary>Catalogue reads: median about 15 ms, long tail capped at 200 ms.</summary>
    Fast,

    /// <summary>Checkout: median about 80 ms, capped at 400 ms.</summary>
    Checkout,

    /// <summary>Reports: uniformly between 2/3 and 4/3 of the traffic's SlowSeconds (0.6 to 1.2 s by default).</summary>
    Report,
}

/// <summary>Waits for a log-normally distributed time, like real service calls do.</summary>
/// <param name="traffic">The settings in force: how long a report takes on average.</param>
public sealed class LatencySimulator(TrafficControl traffic)
{
    /// <summary>Waits for a time drawn from <paramref name="profile"/>.</summary>
    public Task DelayAsync(LatencyProfile profile, CancellationToken cancellationToken)
    {
        var milliseconds = profile switch
        {
            LatencyProfile.Fast => LogNormal(15, 0.6, 200),
            LatencyProfile.Checkout => LogNormal(80, 0.4, 400),
            _ => traffic.Current.SlowSeconds * 1000 * (2.0 / 3 + (Random.Shared.NextDouble() * 2 / 3)),
        };
        return Task.Delay(TimeSpan.FromMilliseconds(milliseconds), cancellationToken);
    }

    private static double LogNormal(double median, double sigma, double cap)
    {
        // Box-Muller transform for a standard normal draw.
        var u1 = 1.0 - Random.Shared.NextDouble();
        var u2 = Random.Shared.NextDouble();
        var normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        return Math.Min(cap, median * Math.Exp(sigma * normal));
    }
}
