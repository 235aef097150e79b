namespace OtelKpi.Sample;

/// <summary>The latency shapes of the sample's routes.</summary>
public enum LatencyProfile
{
    /// <summary>Catalogue reads: median about 15 ms, long tail capped at 200 ms.</summary>
    Fast,

    /// <summary>Checkout: median about 80 ms, capped at 400 ms.</summary>
    Checkout,

    /// <summary>Reports: uniformly between 0.6 s and 1.2 s, well above the 0.5 s latency objective.</summary>
    Report,
}

/// <summary>Waits for a log-normally distributed time, like real service calls do.</summary>
public sealed class LatencySimulator
{
    /// <summary>Waits for a time drawn from <paramref name="profile"/>.</summary>
    public Task DelayAsync(LatencyProfile profile, CancellationToken cancellationToken)
    {
        var milliseconds = profile switch
        {
            LatencyProfile.Fast => LogNormal(15, 0.6, 200),
            LatencyProfile.Checkout => LogNormal(80, 0.4, 400),
            _ => 600 + (Random.Shared.NextDouble() * 600),
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
