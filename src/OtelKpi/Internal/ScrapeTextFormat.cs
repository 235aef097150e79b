using Microsoft.AspNetCore.Builder;

namespace OtelKpi.Internal;

/// <summary>
/// Serves the scrape endpoint in the Prometheus text format (0.0.4) whatever the scraper asks for. Prometheus asks
/// for OpenMetrics first, in which the exporter adds a <c>*_created</c> series for every counter and histogram
/// series (stored by Prometheus 2.x as ordinary series), writes bucket bounds as <c>1.0</c> and types
/// <c>target_info</c> as info: every scraper now stores the families docs/metrics.md lists. OpenMetrics-only
/// features are given up with it: exemplars (OtelKpi enables none) and unit metadata.
/// </summary>
internal static class ScrapeTextFormat
{
    internal const string Accept = "text/plain; version=0.0.4";

    /// <summary>For the exporter's branched pipeline: runs before the exporter reads the Accept header.</summary>
    public static void Configure(IApplicationBuilder branch) =>
        branch.Use(static (context, next) =>
        {
            context.Request.Headers.Accept = Accept;
            return next(context);
        });
}
