using System.Globalization;

namespace OtelKpi.Benchmarks.Apps;

/// <summary>
/// Which requests give the request-duration histogram an exact number of series: routes times status
/// codes, as a real service's cardinality grows. The plans are nested (the 10-series plan is part of the
/// 1,000-series plan), so seeding a larger plan after a smaller one adds only new series.
/// </summary>
public sealed class SeriesPlan
{
    private static readonly int[] AllStatusCodes = [200, 201, 202, 204, 400, 401, 403, 404, 500, 503];

    private SeriesPlan(int routes, int statusCodes)
    {
        this.Routes = routes;
        this.StatusCodes = AllStatusCodes[..statusCodes];
    }

    /// <summary>Gets the number of distinct route templates.</summary>
    public int Routes { get; }

    /// <summary>Gets the status codes every route answers with.</summary>
    public IReadOnlyList<int> StatusCodes { get; }

    /// <summary>Gets the number of histogram series the plan creates.</summary>
    public int SeriesCount => this.Routes * this.StatusCodes.Count;

    /// <summary>
    /// The plan for <paramref name="series"/> series: 2 status codes per route below 100 series, 10 from 100 on
    /// (10 = 5 routes x 2 codes, 1,000 = 100 x 10, 10,000 = 1,000 x 10).
    /// </summary>
    /// <param name="series">An even number below 100, or a multiple of 10 from 100 on.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentOutOfRangeException">No plan gives exactly that many series.</exception>
    public static SeriesPlan For(int series)
    {
        var codes = series >= 100 ? AllStatusCodes.Length : 2;
        if (series <= 0 || series % codes != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(series), series, "Expected an even number below 100 or a multiple of 10 from 100 on.");
        }

        return new SeriesPlan(series / codes, codes);
    }

    /// <summary>The route template of route number <paramref name="route"/>, such as <c>/api/s7/{code:int}</c>.</summary>
    /// <param name="route">The route number, from 0.</param>
    /// <returns>The template.</returns>
    public static string RouteTemplate(int route) => $"/api/s{route.ToString(CultureInfo.InvariantCulture)}/{{code:int}}";

    /// <summary>The request paths, one per series.</summary>
    /// <returns>Paths such as <c>/api/s7/404</c>.</returns>
    public IEnumerable<string> RequestPaths()
    {
        for (var route = 0; route < this.Routes; route++)
        {
            foreach (var code in this.StatusCodes)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"/api/s{route}/{code}");
            }
        }
    }
}
