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

    [Fact]
    public void A_ratio_of_1_makes_every_request_fail_or_every_request_slow()
    {
        var failing = new TrafficPlan(1, 0);
        var slow = new TrafficPlan(0, 1);

        Assert.All(Enumerable.Range(0, 100), n => Assert.Contains("fail", failing.At(n).Path, StringComparison.Ordinal));
        Assert.All(Enumerable.Range(0, 100), n => Assert.StartsWith("/api/reports/", slow.At(n).Path, StringComparison.Ordinal));
    }

    [Fact]
    public void The_default_traffic_is_healthy_and_clearly_away_from_the_alert_thresholds()
    {
        var defaults = TrafficSettings.Default;
        var plan = new TrafficPlan(defaults.ErrorRatio, defaults.SlowRatio);
        var requests = Enumerable.Range(0, 20000).Select(n => plan.At(n)).ToList();

        // 0.05% fail: a tenth of ErrorRatioBreach's 5%, half of the 99.9% SLO's budget. 0.5% are slow: half of
        // the 99% latency SLO's budget.
        Assert.Equal(10, requests.Count(r => r.Path is "/api/fail" or "/api/checkout?fail=true"));
        Assert.Equal(100, requests.Count(r => r.Path.StartsWith("/api/reports/", StringComparison.Ordinal)));
        Assert.Empty(defaults.Problems(string.Empty));
    }
}
