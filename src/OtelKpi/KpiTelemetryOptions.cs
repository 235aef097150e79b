namespace OtelKpi;

/// <summary>
/// Options of <c>AddKpiTelemetry()</c>, bound from the <c>KpiTelemetry</c> configuration section
/// and adjustable in code. They are validated when the host starts.
/// </summary>
public sealed class KpiTelemetryOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "KpiTelemetry";

    /// <summary>
    /// The request-duration histogram's bucket boundaries in seconds, used when
    /// <see cref="LatencyBuckets"/> is not set. Every latency threshold of the shipped alerts is one of them.
    /// </summary>
    public static IReadOnlyList<double> DefaultLatencyBuckets { get; } =
        [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    /// <summary>Request paths excluded from HTTP metrics when <see cref="ExcludedPaths"/> is not set.</summary>
    public static IReadOnlyList<string> DefaultExcludedPaths { get; } =
        ["/health", "/healthz", "/ready", "/readyz", "/live", "/livez"];

    /// <summary>
    /// Gets or sets the <c>service.name</c> resource attribute. When <see langword="null"/>, OTEL_SERVICE_NAME,
    /// then <c>service.name</c> in OTEL_RESOURCE_ATTRIBUTES, then the application name is used.
    /// </summary>
    public string? ServiceName { get; set; }

    /// <summary>
    /// Gets or sets the <c>service.version</c> resource attribute. When <see langword="null"/>, the entry
    /// assembly's informational version is used.
    /// </summary>
    public string? ServiceVersion { get; set; }

    /// <summary>
    /// Gets or sets the <c>deployment.environment</c> resource attribute. When <see langword="null"/>, the value
    /// in OTEL_RESOURCE_ATTRIBUTES, then the host environment name in lower case is used.
    /// </summary>
    public string? DeploymentEnvironment { get; set; }

    /// <summary>
    /// Gets or sets the bucket boundaries, in seconds, of <c>http_server_request_duration_seconds</c>:
    /// positive and strictly increasing. <see langword="null"/> means <see cref="DefaultLatencyBuckets"/>.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2227:Collection properties should be read only", Justification = "Null means the defaults; code configuration replaces the whole list.")]
    public IList<double>? LatencyBuckets { get; set; }

    /// <summary>
    /// Gets or sets the request paths excluded from HTTP metrics. A path also excludes everything
    /// below it (<c>/health</c> excludes <c>/health/db</c>). The scrape path is always excluded.
    /// <see langword="null"/> means <see cref="DefaultExcludedPaths"/>.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2227:Collection properties should be read only", Justification = "Null means the defaults; code configuration replaces the whole list.")]
    public IList<string>? ExcludedPaths { get; set; }

    /// <summary>
    /// Gets the names of additional meters to export, such as the service's own business meters
    /// (created through <c>IMeterFactory</c>) or built-in ones like <c>System.Runtime</c>. Wildcards
    /// (<c>MyCompany.*</c>) are allowed.
    /// </summary>
    public IList<string> Meters { get; } = [];

    /// <summary>
    /// Gets or sets the most distinct label sets kept per HTTP metric (<c>http_server_request_duration_seconds</c>,
    /// <c>http_server_active_requests</c>). Further label sets are aggregated into one series labelled
    /// <c>otel_metric_overflow="true"</c>. Between 10 and 100000; default 2000. The user's own meters keep
    /// OpenTelemetry's default limit unless the user's own view sets another.
    /// </summary>
    public int CardinalityLimit { get; set; } = 2000;

    /// <summary>Gets the Prometheus scrape endpoint options.</summary>
    public KpiScrapeOptions Scrape { get; } = new();

    /// <summary>Gets the OTLP export options.</summary>
    public KpiOtlpOptions Otlp { get; } = new();

    /// <summary>Gets the container and host resource metric options.</summary>
    public KpiResourceMetricsOptions Resources { get; } = new();
}
