using System.Globalization;

namespace OtelKpi.Benchmarks.Apps;

/// <summary>
/// Reads what the benchmarks need from a scrape: how many request-duration series there are and how many
/// requests a route has counted. Both libraries name the histogram and the route label differently.
/// </summary>
public static class ExpositionText
{
    /// <summary>The histogram's <c>_count</c> series name and route label of a variant.</summary>
    /// <param name="variant">OtelKpi or prometheus-net.</param>
    /// <returns>The family's count series prefix and the route label name.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The bare variant has no metrics.</exception>
    public static (string CountSeries, string RouteLabel) HistogramNames(ServiceVariant variant) => variant switch
    {
        ServiceVariant.OtelKpi => ("http_server_request_duration_seconds_count{", "http_route"),
        ServiceVariant.PrometheusNet or ServiceVariant.PrometheusNetHttpOnly => ("http_request_duration_seconds_count{", "endpoint"),
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "The bare service exports no metrics."),
    };

    /// <summary>Counts the request-duration series whose route starts with <paramref name="routePrefix"/>.</summary>
    /// <param name="text">The scrape body.</param>
    /// <param name="variant">Which library produced it.</param>
    /// <param name="routePrefix">The start of the route templates to count, such as <c>/api/s</c>.</param>
    /// <returns>The number of series.</returns>
    public static int CountHistogramSeries(string text, ServiceVariant variant, string routePrefix) =>
        CountLines(text, variant, routePrefix).Count();

    /// <summary>Sums the request-duration <c>_count</c> of one route template.</summary>
    /// <param name="text">The scrape body.</param>
    /// <param name="variant">Which library produced it.</param>
    /// <param name="route">The exact route template.</param>
    /// <returns>The number of requests counted for the route.</returns>
    public static double RequestCount(string text, ServiceVariant variant, string route) =>
        CountLines(text, variant, route)
            .Where(line => line.Contains($"=\"{route}\"", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    private static IEnumerable<string> CountLines(string text, ServiceVariant variant, string routePrefix)
    {
        var (countSeries, routeLabel) = HistogramNames(variant);
        var label = $"{routeLabel}=\"{routePrefix}";
        return text.Split('\n').Where(line => line.StartsWith(countSeries, StringComparison.Ordinal) && line.Contains(label, StringComparison.Ordinal));
    }
}
