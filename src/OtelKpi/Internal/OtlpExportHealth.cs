using Microsoft.Extensions.Logging;

namespace OtelKpi.Internal;

/// <summary>
/// Turns the outcome of each OTLP export into a few log lines: the first failure at once, then at most one
/// summary a minute while export keeps failing, and one line when it succeeds again. Successful exports
/// log nothing.
/// </summary>
internal sealed class OtlpExportHealth(ILogger logger, TimeProvider time, Uri endpoint, int timeoutMilliseconds)
{
    public static readonly TimeSpan SummaryInterval = TimeSpan.FromMinutes(1);

    private readonly Lock gate = new();
    private DateTimeOffset? failingSince;
    private DateTimeOffset lastLogged;
    private long failures;
    private long unloggedFailures;

    public void Exported(bool succeeded, TimeSpan duration)
    {
        lock (this.gate)
        {
            var now = time.GetUtcNow();
            if (succeeded)
            {
                if (this.failingSince is { } since)
                {
                    KpiLog.OtlpExportRecovered(logger, endpoint, this.failures, (now - since).TotalSeconds);
                    KpiEventSource.Log.OtlpExportRecovered(endpoint.ToString(), this.failures);
                    this.failingSince = null;
                    this.failures = 0;
                    this.unloggedFailures = 0;
                }

                return;
            }

            var reason = this.Reason(duration);
            this.failures++;
            if (this.failingSince is not { } start)
            {
                this.failingSince = now;
                this.lastLogged = now;
                KpiLog.OtlpExportFailed(logger, endpoint, reason);
                KpiEventSource.Log.OtlpExportFailed(endpoint.ToString(), reason);
                return;
            }

            this.unloggedFailures++;
            if (now - this.lastLogged >= SummaryInterval)
            {
                KpiLog.OtlpExportStillFailing(logger, endpoint, this.unloggedFailures, (now - this.lastLogged).TotalSeconds, (now - start).TotalSeconds, reason);
                this.lastLogged = now;
                this.unloggedFailures = 0;
            }
        }
    }

    /// <summary>
    /// The exporter reports only success or failure; how long it took tells a collector that never answers
    /// from one that refused or rejected the export.
    /// </summary>
    private string Reason(TimeSpan duration) =>
        duration.TotalMilliseconds >= timeoutMilliseconds * 0.9
            ? $"no answer within the {timeoutMilliseconds} ms timeout (KpiTelemetry:Otlp:TimeoutMilliseconds)"
            : $"refused or rejected after {duration.TotalMilliseconds:0} ms (nothing listening, or an error response)";
}
