using OtelKpi.Sample;

namespace OtelKpi.Tests.Sample;

/// <summary>The end-to-end tests compare panels with the injected ratios, so the plan must hit them exactly.</summary>
public class TrafficPlanTests
{
    [Theory]
    [InlineData(0.05, 0.02, 1000, 50, 20)]
    [InlineData(0.1, 0.0, 500, 50, 0)]
    [InlineData(0.0, 0.1, 100, 0, 10)]
    public void Errors_and_slow_requests_have_exactly_the_configured_share(double errorRatio, double slowRatio, int requests, int errors, int slow)
    {
        var plan = new TrafficPlan(errorRatio, slowRatio);
        var requestsPlanned = Enumerable.Range(0, requests).Select(n => plan.At(n)).ToList();

        Assert.Equal(errors, requestsPlanned.Count(r => r.Path is "/api/fail" or "/api/checkout?fail=true"));
        Assert.Equal(slow, requestsPlanned.Count(r => r.Path.StartsWith("/api/reports/", StringComparison.Ordinal)));
    }

    [Fact]
    public void Errors_alternate_between_handled_500s_and_exceptions()
    {
        var plan = new TrafficPlan(0.05, 0);
        var errors = Enumerable.Range(0, 200).Select(n => plan.At(n).Path).Where(p => p.Contains("fail", StringComparison.Ordinal)).ToList();

        Assert.Equal(5, errors.Count(p => p == "/api/fail"));
        Assert.Equal(5, errors.Count(p => p == "/api/checkout?fail=true"));
    }

    [Fact]
    public void Every_route_of_the_shop_is_exercised()
    {
        var plan = new TrafficPlan(0.05, 0.02);
        var paths = Enumerable.Range(0, 200).Select(n => plan.At(n).Path).ToList();

        Assert.Contains("/api/products", paths);
        Assert.Contains(paths, p => p.StartsWith("/api/products/", StringComparison.Ordinal));
        Assert.Contains("/api/products/1001", paths);
        Assert.Contains("/api/checkout", paths);
        Assert.Contains("/api/reports/daily-sales", paths);
    }
}
