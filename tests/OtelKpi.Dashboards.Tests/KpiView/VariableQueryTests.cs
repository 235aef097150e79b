using OtelKpi.KpiView.Dashboards;

namespace OtelKpi.Dashboards.Tests.KpiView;

/// <summary>label_values queries split into selector and label as Grafana splits them.</summary>
public class VariableQueryTests
{
    [Fact]
    public void A_selector_with_commas_inside_its_braces_is_kept_whole()
    {
        var query = VariableQuery.Parse("label_values(http_server_request_duration_seconds_count{job=~\"a\", instance=~\"b\"}, http_route)");

        Assert.Equal(new VariableQuery("http_server_request_duration_seconds_count{job=~\"a\", instance=~\"b\"}", "http_route"), query);
    }

    [Fact]
    public void Without_a_selector_every_series_is_meant()
    {
        Assert.Equal(new VariableQuery(null, "job"), VariableQuery.Parse("label_values(job)"));
    }

    [Theory]
    [InlineData("query_result(up)")]
    [InlineData("label_values(up, )")]
    [InlineData("metrics(http_.*)")]
    public void Other_variable_queries_are_refused(string query)
    {
        Assert.Throws<FormatException>(() => VariableQuery.Parse(query));
    }
}
