namespace OtelKpi.Sample;

/// <summary>One generated request.</summary>
public sealed record PlannedRequest(HttpMethod Method, string Path);

/// <summary>
/// Decides the n-th generated request. Errors and slow requests are spread evenly rather than drawn
/// at random: one request in round(1 / ratio) fails (or is slow), so that over whole cycles the 5xx share is
/// exact for ratios such as 1, 0.5, 0.2, 0.1, 0.05 or 0.0005, which the end-to-end tests rely on. Where an error
/// and a slow request fall on the same request, the error wins.
/// </summary>
public sealed class TrafficPlan(double errorRatio, double slowRatio)
{
    private readonly long errorEvery = errorRatio > 0 ? (long)Math.Round(1 / errorRatio) : 0;
    private readonly long slowEvery = slowRatio > 0 ? (long)Math.Round(1 / slowRatio) : 0;

    /// <summary>The request at position <paramref name="n"/> (0-based).</summary>
    public PlannedRequest At(long n)
    {
        if (this.errorEvery > 0 && n % this.errorEvery == this.errorEvery - 1)
        {
            // Alternate a handled 500 with an unhandled exception, so both kinds appear.
            return (n / this.errorEvery) % 2 == 0
                ? new PlannedRequest(HttpMethod.Post, "/api/checkout?fail=true")
                : new PlannedRequest(HttpMethod.Get, "/api/fail");
        }

        if (this.slowEvery > 0 && n % this.slowEvery == this.slowEvery / 2)
        {
            return new PlannedRequest(HttpMethod.Get, "/api/reports/daily-sales");
        }

        return (n % 10) switch
        {
            < 5 => new PlannedRequest(HttpMethod.Get, "/api/products"),
            // One lookup in ten asks for a product that does not exist: a 404, which is not an error.
            < 8 => new PlannedRequest(HttpMethod.Get, $"/api/products/{(n % 100 == 7 ? ShopEndpoints.CatalogueSize + 1 : 1 + (n % ShopEndpoints.CatalogueSize))}"),
            _ => new PlannedRequest(HttpMethod.Post, "/api/checkout"),
        };
    }
}
