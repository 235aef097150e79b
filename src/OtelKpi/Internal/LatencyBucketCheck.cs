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
internal sealed class LatencyBucketCheck(IOptions<KpiTelemetryOptions> options, ILoggerFactory? loggers = null) : IHostedService
{
    /// <summary>The shipped rules' default latency objective threshold (rules/otelkpi-objectives.rules.yml).</summary>
    internal const double DefaultObjectiveThresholdSeconds = 0.5;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.LatencyBuckets is { Count: > 0 } buckets && !buckets.Contains(DefaultObjectiveThresholdSeconds))
        {
            KpiLog.LatencyBucketsLackObjective(KpiLog.CreateLogger(loggers), string.Join(", ", buckets.Select(b => b.ToString(CultureInfo.InvariantCulture))));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
