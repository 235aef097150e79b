using Microsoft.Extensions.Logging;

namespace OtelKpi.Internal.Exposition;

/// <summary>
/// Logs failed scrapes without flooding: the first failure at once with its exception, then at most one line a
/// minute counting the failures since. Prometheus scrapes every few seconds, so a failure that repeats on every
/// scrape stays a line a minute.
/// </summary>
internal sealed class ScrapeFailureLog(ILogger logger, TimeProvider time)
{
    public static readonly TimeSpan SummaryInterval = TimeSpan.FromMinutes(1);

    private readonly Lock gate = new();
    private DateTimeOffset? lastLogged;
    private long unlogged;

    public void Failed(Exception exception) => this.Log(exception.GetType().Name + ": " + exception.Message, exception);

    public void CollectionFailed() =>
        this.Log("the collection failed (OpenTelemetry's SDK diagnostics, EventSource OpenTelemetry-Sdk, hold the reason)", null);

    private void Log(string reason, Exception? exception)
    {
        lock (this.gate)
        {
            var now = time.GetUtcNow();
            if (this.lastLogged is not { } last)
            {
                this.lastLogged = now;
                KpiLog.ScrapeFailed(logger, reason, exception);
                return;
            }

            this.unlogged++;
            if (now - last >= SummaryInterval)
            {
                KpiLog.ScrapeStillFailing(logger, this.unlogged, (now - last).TotalSeconds, reason);
                this.lastLogged = now;
                this.unlogged = 0;
            }
        }
    }
}
