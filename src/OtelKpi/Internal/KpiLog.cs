using Microsoft.Extensions.Logging;

namespace OtelKpi.Internal;

/// <summary>
/// Everything OtelKpi logs: one category, <c>OtelKpi</c>, with fixed event ids from 1000 to 1999 (the container
/// package uses 2000 to 2999). Only start-up, a misconfiguration, failed scrapes (rate-limited) and changes of the OTLP export's health
/// are logged; nothing is logged per request or per successful scrape.
/// </summary>
internal static partial class KpiLog
{
    public const string CategoryName = "OtelKpi";

    public static ILogger CreateLogger(ILoggerFactory? loggers) =>
        loggers?.CreateLogger(CategoryName) ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    [LoggerMessage(EventId = 1000, EventName = "InvalidConfiguration", Level = LogLevel.Critical, Message = "{Failure}")]
    public static partial void InvalidConfiguration(ILogger logger, string failure);

    [LoggerMessage(EventId = 1001, EventName = "ScrapePortUnavailable", Level = LogLevel.Critical, Message = "{Failure}")]
    public static partial void ScrapePortUnavailable(ILogger logger, string failure, Exception exception);

    [LoggerMessage(EventId = 1002, EventName = "ScrapeListenerStarted", Level = LogLevel.Information, Message = "Serving Prometheus metrics on http://{Address}:{Port}{Path}")]
    public static partial void ScrapeListenerStarted(ILogger logger, string address, int port, string path);

    [LoggerMessage(EventId = 1003, EventName = "ScrapeConventionsIgnored", Level = LogLevel.Warning, Message = "KpiTelemetry:Scrape:Port is set, so the scrape endpoint is served by its own listener: conventions added to MapKpiMetrics(), such as RequireAuthorization(), do not apply to it. Restrict who can reach that port instead (Scrape:BindAddress, a NetworkPolicy).")]
    public static partial void ScrapeConventionsIgnored(ILogger logger);

    [LoggerMessage(EventId = 1004, EventName = "LatencyBucketsLackObjective", Level = LogLevel.Warning, Message = "KpiTelemetry:LatencyBuckets [{Buckets}] has no 0.5 boundary, the latency objective threshold of the shipped Prometheus rules: they record no slow-request ratio for this service (no LatencyP99ErrorBuildup alert, empty Latency SLI) until its threshold is overridden with one of these boundaries that is also an OtelKpi default. See docs/rules.md.")]
    public static partial void LatencyBucketsLackObjective(ILogger logger, string buckets);

    [LoggerMessage(EventId = 1005, EventName = "ScrapeFailed", Level = LogLevel.Error, Message = "A scrape of the metrics endpoint failed: {Reason}. It was answered 500, or cut off if the body had started; further failures are summarised at most once a minute.")]
    public static partial void ScrapeFailed(ILogger logger, string reason, Exception? exception);

    [LoggerMessage(EventId = 1006, EventName = "ScrapeStillFailing", Level = LogLevel.Error, Message = "{Failures} more scrapes of the metrics endpoint failed in the last {Seconds:0} s; last: {Reason}")]
    public static partial void ScrapeStillFailing(ILogger logger, long failures, double seconds, string reason);

    [LoggerMessage(EventId = 1010, EventName = "OtlpExportStarted", Level = LogLevel.Information, Message = "Exporting metrics over OTLP ({Protocol}) to {Endpoint} every {IntervalMilliseconds} ms, timeout {TimeoutMilliseconds} ms")]
    public static partial void OtlpExportStarted(ILogger logger, string protocol, Uri endpoint, int intervalMilliseconds, int timeoutMilliseconds);

    [LoggerMessage(EventId = 1011, EventName = "OtlpExportFailed", Level = LogLevel.Warning, Message = "OTLP export to {Endpoint} failed: {Reason}. Metrics of this interval are lost until export recovers; further failures are summarised at most once a minute. The exporter's own diagnostics (EventSource OpenTelemetry-Exporter-OpenTelemetryProtocol) hold the exact error.")]
    public static partial void OtlpExportFailed(ILogger logger, Uri endpoint, string reason);

    [LoggerMessage(EventId = 1012, EventName = "OtlpExportStillFailing", Level = LogLevel.Warning, Message = "OTLP export to {Endpoint} is still failing: {Failures} more failed exports in the last {Seconds:0} s, failing for {FailingSeconds:0} s; last: {Reason}")]
    public static partial void OtlpExportStillFailing(ILogger logger, Uri endpoint, long failures, double seconds, double failingSeconds, string reason);

    [LoggerMessage(EventId = 1013, EventName = "OtlpExportRecovered", Level = LogLevel.Information, Message = "OTLP export to {Endpoint} recovered after {Failures} failed exports over {FailingSeconds:0} s")]
    public static partial void OtlpExportRecovered(ILogger logger, Uri endpoint, long failures, double failingSeconds);
}
