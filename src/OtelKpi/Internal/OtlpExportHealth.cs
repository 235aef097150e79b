using Microsoft.Extensions.Logging;

namespace OtelKpi.Internal;

/// <summary>
/// Turns the outcome of each OTLP export into a few log lines: the first failure at once, then at most one
/// summary a minute while export keeps failing, and one line when it succeeds again. Successful exports
/// log nothing.
/// </summary>
internal sealed class OtlpExportHealth(ILogger logger, TimeProvider time, Uri endpoint, int timeoutMilliseconds)
{
    private readonly Lock gate = new();
    private readonly RepeatedFailure repeated = new(time);
    private long failures;

    public void Exported(bool succeeded, TimeSpan duration)
    {
        lock (this.gate)
        {
            if (succeeded)
            {
                if (this.repeated.Recovered() is { } failedFor)
                {
                    KpiLog.OtlpExportRecovered(logger, endpoint, this.failures, failedFor.TotalSeconds);
                    KpiEventSource.Log.OtlpExportRecovered(endpoint.ToString(), this.failures);
                    this.failures = 0;
                }

                return;
            }

            this.failures++;
            var line = this.repeated.Failed();
            switch (line.Kind)
            {
                case FailureLineKind.First:
                    var reason = this.Reason(duration);
                    KpiLog.OtlpExportFailed(logger, endpoint, reason);
                    KpiEventSource.Log.OtlpExportFailed(endpoint.ToString(), reason);
                    break;
                case FailureLineKind.Summary:
                    KpiLog.OtlpExportStillFailing(logger, endpoint, line.Unlogged, line.SinceLastLine.TotalSeconds, line.SinceFirst.TotalSeconds, this.Reason(duration));
                    break;
                default:
                    break;
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
