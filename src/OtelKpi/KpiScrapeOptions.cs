namespace OtelKpi;

/// <summary>Where and to whom the Prometheus scrape endpoint is served.</summary>
public sealed class KpiScrapeOptions
{
    /// <summary>Gets or sets a value indicating whether the scrape endpoint is served. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the endpoint path: starts with '/', no query, no spaces. Default <c>/metrics</c>.</summary>
    public string Path { get; set; } = "/metrics";

    /// <summary>
    /// Gets or sets a dedicated port (1-65535) on which the endpoint is served by its own listener,
    /// separate from the application's ports. <see langword="null"/> (the default) serves it on the
    /// application's own pipeline through <c>MapKpiMetrics()</c>.
    /// </summary>
    public int? Port { get; set; }

    /// <summary>
    /// Gets or sets the address the dedicated listener binds to when <see cref="Port"/> is set, such as
    /// <c>127.0.0.1</c>, <c>0.0.0.0</c> (all IPv4 interfaces) or <c>::</c>. <see langword="null"/> (the default)
    /// listens on all IPv4 and IPv6 interfaces, as a Prometheus in another pod needs.
    /// </summary>
    public string? BindAddress { get; set; }

    /// <summary>
    /// Gets the hosts (as in <c>RequireHost</c>: <c>localhost</c>, <c>*:9090</c>, <c>metrics.internal</c>)
    /// to which the endpoint answers on the application's pipeline. Empty means any host.
    /// </summary>
    public IList<string> Hosts { get; } = [];

    /// <summary>
    /// Gets or sets how long, in milliseconds, a collection is reused by the scrapes that follow it (0-60000): they
    /// write the same values again. Default 0: every scrape sees current values.
    /// </summary>
    public int ResponseCacheMilliseconds { get; set; }
}
