using OtelKpi.Testing;
using OtelKpi.Testing.PromQl;

namespace OtelKpi.Dashboards.Tests.Lint;

/// <summary>
/// The query rules: $__rate_interval in every range, job and instance on every selector, route on every
/// request selector of the ASP.NET Core dashboard, counters only through rate, gauges never, buckets only
/// for quantiles or one boundary, and errors counted from _count as 5xx only, with 0 instead of nothing.
/// </summary>
public class QueryConventionTests
{
    private static readonly MetricContract Contract = MetricContract.Load();
    private static readonly string[] RangeFunctions = ["rate", "irate", "increase"];

    public static TheoryData<string> Queries => new(QueryCatalog.Expressions.Select(q => q.ToString()));

    public static TheoryData<string> QueriesAndVariableSelectors => new(QueryCatalog.ExpressionsAndVariableSelectors.Select(q => q.ToString()));

    [Theory]
    [MemberData(nameof(Queries))]
    public void Every_range_is_the_rate_interval_inside_rate_or_irate(string where)
    {
        foreach (var selector in Scan(where).Selectors.Where(s => s.Range is not null))
        {
            Assert.Equal("$__rate_interval", selector.Range);
            Assert.Contains(selector.Function, RangeFunctions);
        }
    }

    [Theory]
    [MemberData(nameof(QueriesAndVariableSelectors))]
    public void Every_selector_filters_the_selected_jobs_and_instances(string where)
    {
        var query = Find(where);
        var scan = PromQlExpression.Parse(query.Expression, PromQlDialect.Grafana);
        Assert.All(scan.Selectors, s => Assert.NotNull(s.Metric));
        foreach (var selector in scan.Selectors)
        {
            if (query.Where == "variable $job")
            {
                Assert.Empty(selector.Matchers); // the first variable lists every job
            }
            else if (Contract.SeriesNames.Contains(selector.Metric!))
            {
                Assert.True(selector.Has("job", "=~", "$job"), $"{selector.Metric} does not filter job=~\"$job\"");
                Assert.True(query.Where == "variable $instance" || selector.Has("instance", "=~", "$instance"), $"{selector.Metric} does not filter instance=~\"$instance\"");
            }
            else if (IsRuleOutput(selector.Metric!) || selector.Metric == "ALERTS")
            {
                // Recorded per job, without instance: filtering instance would hide them whenever one is chosen.
                Assert.True(selector.Has("job", "=~", "$job"), $"{selector.Metric} does not filter job=~\"$job\"");
            }
            else
            {
                Assert.True(query.IsClusterAlternative, $"{selector.Metric} is neither in docs/metrics.md nor in the cAdvisor row");
                Assert.True(ClusterAlternative.Families.ContainsKey(selector.Metric!), $"{selector.Metric} is not in the documented cAdvisor set");
            }
        }

        if (query.IsClusterAlternative)
        {
            // The cAdvisor series have no job or instance of the service: each is joined to target_info of the selection.
            var joins = scan.Selectors.Count(s => s.Metric == "target_info" && s.Has("job", "=~", "$job") && s.Has("instance", "=~", "$instance"));
            Assert.Equal(scan.Selectors.Count(s => s.Metric != "target_info"), joins);
        }
    }

    [Theory]
    [MemberData(nameof(QueriesAndVariableSelectors))]
    public void Every_request_selector_of_the_aspnetcore_dashboard_filters_the_route_and_method(string where)
    {
        var query = Find(where);
        if (query.Dashboard != "aspnetcore.json" || query.Where.StartsWith("annotation", StringComparison.Ordinal) || query.Where.StartsWith("variable", StringComparison.Ordinal))
        {
            return;
        }

        foreach (var selector in PromQlExpression.Parse(query.Expression, PromQlDialect.Grafana).Selectors)
        {
            var labels = Contract.FamilyOfSeries(selector.Metric!)?.AllLabels;
            Assert.Equal(labels?.Contains("http_route") == true, selector.Has("http_route", "=~", "$route"));
            Assert.Equal(labels?.Contains("http_request_method") == true, selector.Has("http_request_method", "=~", "$method"));
        }
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Counters_are_read_only_through_rate_and_gauges_never(string where)
    {
        foreach (var selector in Scan(where).Selectors)
        {
            var family = Contract.FamilyOfSeries(selector.Metric!);
            var cumulative = family is { Type: "counter" or "histogram" }
                || (family is null && selector.Metric!.EndsWith("_total", StringComparison.Ordinal));
            if (cumulative)
            {
                Assert.True(selector.Range is not null && RangeFunctions.Contains(selector.Function), $"counter {selector.Metric} is read without rate()");
            }
            else
            {
                Assert.True(selector.Range is null, $"gauge {selector.Metric} is read as a range");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Buckets_feed_a_quantile_by_le_or_select_exactly_one_boundary(string where)
    {
        var scan = Scan(where);
        foreach (var selector in scan.Selectors.Where(s => s.Metric!.EndsWith("_bucket", StringComparison.Ordinal)))
        {
            if (selector.EnclosingFunctions.Contains("histogram_quantile"))
            {
                Assert.Contains("le", scan.GroupingLabels);
            }
            else
            {
                var le = Assert.Single(selector.Matchers, m => m.Label == "le");
                Assert.Equal("=", le.Operator);
                Assert.Contains(double.Parse(le.Value, System.Globalization.CultureInfo.InvariantCulture), Contract.Buckets);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Errors_are_5xx_counted_from_count_and_zero_when_there_are_none(string where)
    {
        var query = Find(where);
        // 4xx are shown next to errors, never as errors: only in targets that say so.
        var clientErrors = query.Panel is { } panel && (panel.Title.Contains("4xx", StringComparison.Ordinal)
            || panel.Targets.Any(t => t.Expr == query.Expression && t.LegendFormat.Contains("4xx", StringComparison.Ordinal)));
        var scan = PromQlExpression.Parse(query.Expression, PromQlDialect.Grafana);
        var errorSelectors = scan.Selectors.Where(s => s.Matchers.Any(m => m.Label == "http_response_status_code")).ToList();
        foreach (var selector in errorSelectors)
        {
            Assert.Equal("http_server_request_duration_seconds_count", selector.Metric);
            Assert.Equal(new PromQlMatcher("http_response_status_code", "=~", clientErrors ? "4.." : "5.."), selector.Matchers.Single(m => m.Label == "http_response_status_code"));
        }

        if (errorSelectors.Count > 0)
        {
            // (errors or 0 * requests) / requests: a job or route with traffic and no 5xx shows 0, not "No data".
            var flat = string.Join(' ', query.Expression.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
            Assert.Matches(@" or 0 \* sum(\(| by \(| \()", flat);
        }
    }

    internal static DashboardQuery Find(string where) => QueryCatalog.ExpressionsAndVariableSelectors.Single(q => q.ToString() == where);

    internal static bool IsRuleOutput(string metric) => metric.Contains(':', StringComparison.Ordinal);

    private static PromQlExpression Scan(string where) => PromQlExpression.Parse(Find(where).Expression, PromQlDialect.Grafana);
}
