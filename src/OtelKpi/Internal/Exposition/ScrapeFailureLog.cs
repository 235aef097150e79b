using Microsoft.Extensions.Logging;

namespace OtelKpi.Internal.Exposition;

/// <summary>
/// Logs failed scrapes without flooding: the first failure at once with its exception, then at most one line a
/// minute counting the failures since. Prometheus scrapes every few seconds, so a failure that repeats on every
/// scrape stays a line a minute.
/// </summary>
internal sealed class ScrapeFailureLog(ILogger logger, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly RepeatedFailure repeated = new(time);

    public void Failed(Exception exception) => this.Log(exception.GetType().Name + ": " + exception.Message, exception);

    public void CollectionFailed() =>
        this.Log("the collection failed (OpenTelemetry's SDK diagnostics, EventSource OpenTelemetry-Sdk, hold the reason)", null);

    private void Log(string reason, Exception? exception)
    {
        lock (this.gate)
        {
            var line = this.repeated.Failed();
            switch (line.Kind)
            {
                case FailureLineKind.First:
                    KpiLog.ScrapeFailed(logger, reason, exception);
                    break;
                case FailureLineKind.Summary:
                    KpiLog.ScrapeStillFailing(logger, line.Unlogged, line.SinceLastLine.TotalSeconds, reason);
                    break;
                default:
                    break;
            }
        }
    }
}
