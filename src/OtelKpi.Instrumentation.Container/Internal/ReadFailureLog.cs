using Microsoft.Extensions.Logging;

namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>
/// Logs failures to read a resource source without flooding the log: the first failure at once, then at most one
/// summary a minute with the count and the latest failure. A failure after a quiet minute is logged at once again.
/// Thread-safe: two metric readers (Prometheus and OTLP) may collect at the same time.
/// </summary>
internal sealed class ReadFailureLog(ILogger logger, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly Lock gate = new();
    private long lastLogged;
    private bool loggedAny;
    private long reported;
    private int suppressed;
    private (string Source, string Series, string Reason, Exception? Exception) latest;

    /// <summary>Every failure reported so far, logged or suppressed.</summary>
    public long Reported => Interlocked.Read(ref this.reported);

    public static ReadFailureLog Silent { get; } = new(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, TimeProvider.System);

    /// <summary>Records that <paramref name="source"/> (a file, a call) could not give <paramref name="series"/>.</summary>
    public void Report(string source, string series, string reason, Exception? exception = null)
    {
        Interlocked.Increment(ref this.reported);
        lock (this.gate)
        {
            var now = time.GetTimestamp();
            var due = !this.loggedAny || time.GetElapsedTime(this.lastLogged, now) >= Interval;
            if (!due)
            {
                this.suppressed++;
                this.latest = (source, series, reason, exception);
                return;
            }

            if (this.suppressed == 0)
            {
                ContainerLog.ReadFailed(logger, source, series, reason, exception);
            }
            else
            {
                ContainerLog.ReadFailuresSummary(logger, this.suppressed + 1, (long)time.GetElapsedTime(this.lastLogged, now).TotalSeconds, source, series, reason, exception);
            }

            this.loggedAny = true;
            this.lastLogged = now;
            this.suppressed = 0;
        }
    }

    /// <summary>Logs what is still suppressed, so that the last failures before shutdown are not lost.</summary>
    public void Dispose()
    {
        lock (this.gate)
        {
            if (this.suppressed > 0)
            {
                var (source, series, reason, exception) = this.latest;
                ContainerLog.ReadFailuresSummary(logger, this.suppressed, (long)time.GetElapsedTime(this.lastLogged).TotalSeconds, source, series, reason, exception);
                this.suppressed = 0;
            }
        }
    }
}
