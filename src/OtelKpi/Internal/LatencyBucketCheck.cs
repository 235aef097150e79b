using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Globalization;

namespace OtelKpi.Internal;

/// <summary>
/// Warns at start-up when custom latency buckets lack the boundary the shipped rules measure the latency
/// objective at by default (T = 0.5 s): the rules then record no slow-request ratio for the service, so
/// LatencyP99ErrorBuildup and the Latency SLI stay silent, which nothing else would reveal.
/// </summary>
internal sealed partial class LatencyBucketCheck(IOptions<KpiTelemetryOptions> options, ILogger<LatencyBucketCheck> logger) : IHostedService
{
    /// <summary>The shipped rules' default latency objective threshold (rules/otelkpi-objectives.rules.yml).</summary>
    internal const double DefaultObjectiveThresholdSeconds = 0.5;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.LatencyBuckets is { Count: > 0 } buckets && !buckets.Contains(DefaultObjectiveThresholdSeconds))
        {
            LogMissingBoundary(logger, string.Join(", ", buckets.Select(b => b.ToString(CultureInfo.InvariantCulture))));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "KpiTelemetry:LatencyBuckets [{Buckets}] has no 0.5 boundary, the latency objective threshold of the shipped Prometheus rules: they record no slow-request ratio for this service (no LatencyP99ErrorBuildup alert, empty Latency SLI) until its threshold is overridden with one of these boundaries that is also an OtelKpi default. See docs/rules.md.")]
    private static partial void LogMissingBoundary(ILogger logger, string buckets);
}
