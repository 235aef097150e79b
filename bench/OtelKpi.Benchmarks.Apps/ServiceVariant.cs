namespace OtelKpi.Benchmarks.Apps;

/// <summary>The three set-ups every benchmark compares.</summary>
public enum ServiceVariant
{
    /// <summary>The service with no metrics at all: the floor.</summary>
    Bare,

    /// <summary>The service with <c>AddKpiTelemetry()</c> and <c>MapKpiMetrics()</c>.</summary>
    OtelKpi,

    /// <summary>
    /// The service with prometheus-net's <c>UseHttpMetrics()</c> and <c>MapMetrics()</c>, all defaults. From the
    /// first scrape on, its default adapters also export every .NET meter (ASP.NET Core's own request histogram
    /// among them) and event counter, so each request is recorded twice.
    /// </summary>
    PrometheusNet,

    /// <summary>
    /// The same, with the meter and event counter adapters switched off (<c>Metrics.SuppressDefaultMetrics</c>),
    /// so <c>UseHttpMetrics()</c> alone records requests: the like-for-like comparison with OtelKpi.
    /// </summary>
    PrometheusNetHttpOnly,
}

/// <summary>
/// The command-line names of <see cref="ServiceVariant"/>: <c>bare</c>, <c>otelkpi</c>, <c>prometheus-net</c>,
/// <c>prometheus-net-http-only</c>.
/// </summary>
public static class ServiceVariants
{
    /// <summary>Gets every variant, bare first.</summary>
    public static IReadOnlyList<ServiceVariant> All { get; } =
        [ServiceVariant.Bare, ServiceVariant.OtelKpi, ServiceVariant.PrometheusNet, ServiceVariant.PrometheusNetHttpOnly];

    /// <summary>The command-line name of a variant.</summary>
    /// <param name="variant">The variant.</param>
    /// <returns>The name used on command lines and in result tables.</returns>
    public static string Name(ServiceVariant variant) => variant switch
    {
        ServiceVariant.Bare => "bare",
        ServiceVariant.OtelKpi => "otelkpi",
        ServiceVariant.PrometheusNet => "prometheus-net",
        ServiceVariant.PrometheusNetHttpOnly => "prometheus-net-http-only",
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
    };

    /// <summary>Parses a command-line name.</summary>
    /// <param name="name">A name returned by <see cref="Name"/>.</param>
    /// <returns>The variant.</returns>
    /// <exception cref="ArgumentException">The name is none of them.</exception>
    public static ServiceVariant Parse(string name)
    {
        foreach (var variant in All)
        {
            if (Name(variant) == name)
            {
                return variant;
            }
        }

        throw new ArgumentException($"Unknown variant '{name}'; expected one of: {string.Join(", ", All.Select(Name))}.", nameof(name));
    }
}
