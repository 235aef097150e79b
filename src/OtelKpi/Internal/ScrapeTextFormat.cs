namespace OtelKpi.Internal;

/// <summary>
/// The scrape endpoint answers in the Prometheus text format (0.0.4) whatever the scraper asks for. Prometheus asks
/// for OpenMetrics first, in which OpenTelemetry's Prometheus exporter adds a <c>*_created</c> series for every
/// counter and histogram series (stored by Prometheus 2.x as ordinary series), writes bucket bounds as <c>1.0</c>
/// and types <c>target_info</c> as info: with the text format every scraper stores the families docs/metrics.md
/// lists. OpenMetrics-only features are given up with it: exemplars (OtelKpi enables none) and unit metadata.
/// </summary>
internal static class ScrapeTextFormat
{
    /// <summary>The content type, exactly as OpenTelemetry's Prometheus exporter sends it for this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";
}
