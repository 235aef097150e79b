namespace OtelKpi.Internal;

/// <summary>
/// When a failure that repeats (an export, a scrape) is logged: the first at once, then at most one summary a minute
/// counting the failures since the last line, until <see cref="Recovered"/> ends the failing period. Not thread-safe:
/// its callers hold their own lock, which also covers what they count themselves.
/// </summary>
internal sealed class RepeatedFailure(TimeProvider time)
{
    public static readonly TimeSpan SummaryInterval = TimeSpan.FromMinutes(1);

    private DateTimeOffset? failingSince;
    private DateTimeOffset lastLogged;
    private long unlogged;

    /// <summary>Counts a failure and says which line, if any, to log for it.</summary>
    public FailureLine Failed()
    {
        var now = time.GetUtcNow();
        if (this.failingSince is not { } since)
        {
            this.failingSince = now;
            this.lastLogged = now;
            return new FailureLine(FailureLineKind.First, 0, TimeSpan.Zero, TimeSpan.Zero);
        }

        this.unlogged++;
        if (now - this.lastLogged < SummaryInterval)
        {
            return default;
        }

        var summary = new FailureLine(FailureLineKind.Summary, this.unlogged, now - this.lastLogged, now - since);
        this.lastLogged = now;
        this.unlogged = 0;
        return summary;
    }

    /// <summary>Ends the failing period: how long it lasted, or <see langword="null"/> when nothing was failing.</summary>
    public TimeSpan? Recovered()
    {
        if (this.failingSince is not { } since)
        {
            return null;
        }

        this.failingSince = null;
        this.unlogged = 0;
        return time.GetUtcNow() - since;
    }
}

internal enum FailureLineKind
{
    /// <summary>Nothing to log: a summary is not due yet.</summary>
    None,

    /// <summary>The first failure of a failing period.</summary>
    First,

    /// <summary>A summary of <see cref="FailureLine.Unlogged"/> failures since the last line.</summary>
    Summary,
}

/// <summary>What <see cref="RepeatedFailure.Failed"/> decided.</summary>
internal readonly record struct FailureLine(FailureLineKind Kind, long Unlogged, TimeSpan SinceLastLine, TimeSpan SinceFirst);
