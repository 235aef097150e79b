using OtelKpi.Testing.PromQl;

namespace OtelKpi.Dashboards.Tests.Lint;

/// <summary>
/// The shared PromQL analysis, in the Grafana dialect the lint reads dashboard queries in, finds selectors,
/// ranges, nesting and labels exactly, with the template variables left as written.
/// </summary>
public class GrafanaPromQlTests
{
    [Fact]
    public void Finds_selectors_with_matchers_ranges_and_enclosing_functions()
    {
        var scan = PromQlExpression.Parse(
            """
            histogram_quantile(0.99, sum by (job, le) (rate(a_bucket{job=~"$job", le="0.5"}[$__rate_interval])))
            / on (job) group_left () max by (job) (otelkpi:x{job=~"$job"}) * 2
            """,
            PromQlDialect.Grafana);

        Assert.Equal(2, scan.Selectors.Count);
        var bucket = scan.Selectors[0];
        Assert.Equal("a_bucket", bucket.Metric);
        Assert.Equal([new PromQlMatcher("job", "=~", "$job"), new PromQlMatcher("le", "=", "0.5")], bucket.Matchers);
        Assert.Equal("$__rate_interval", bucket.Range);
        Assert.Equal(["histogram_quantile", "sum", "rate"], bucket.EnclosingFunctions);
        var threshold = scan.Selectors[1];
        Assert.Equal(("otelkpi:x", (string?)null), (threshold.Metric, threshold.Range));
        Assert.Equal([new PromQlMatcher("job", "=~", "$job")], threshold.Matchers);
        Assert.Equal(["max"], threshold.EnclosingFunctions);
        Assert.Equal(["job", "le", "job", "job"], scan.GroupingLabels);
        Assert.Equal(["histogram_quantile", "sum", "rate", "max"], scan.Functions);
    }

    [Fact]
    public void Reads_label_replace_label_arguments_and_the_aggregation_after_form()
    {
        var scan = PromQlExpression.Parse(
            "label_replace(sum(rate(m_total{a!~\"x\\\"y\"}[1m])) without (b), \"dst\", \"(none)\", \"src\", \"\")",
            PromQlDialect.Grafana);

        Assert.Equal(["dst", "src"], scan.LabelReplaceLabels);
        Assert.Equal(["b"], scan.GroupingLabels);
        var selector = Assert.Single(scan.Selectors);
        Assert.Equal(new PromQlMatcher("a", "!~", "x\"y"), Assert.Single(selector.Matchers));
        Assert.Equal(["label_replace", "sum", "rate"], selector.EnclosingFunctions);
    }

    [Fact]
    public void Keywords_and_numbers_are_not_selectors()
    {
        var scan = PromQlExpression.Parse("(a > bool 0) or 0 * b unless c + 1e-9", PromQlDialect.Grafana);

        Assert.Equal(["a", "b", "c"], scan.Selectors.Select(s => s.Metric));
    }

    [Fact]
    public void A_selector_without_a_metric_name_is_reported_for_the_lint_to_reject()
    {
        var scan = PromQlExpression.Parse("sum(rate({job=~\"${job}\"}[$__rate_interval]))", PromQlDialect.Grafana);

        var selector = Assert.Single(scan.Selectors);
        Assert.Null(selector.Metric);
        Assert.Equal([new PromQlMatcher("job", "=~", "${job}")], selector.Matchers);
        Assert.Equal("$__rate_interval", selector.Range);
    }

    [Theory]
    [InlineData("x $ y")]
    [InlineData("rate(x[5m])[1h:5m]")]
    [InlineData("sum(x{job=~\"$job\"}")]
    public void Refuses_what_it_cannot_follow_even_in_a_dashboard(string text)
    {
        Assert.Throws<FormatException>(() => PromQlExpression.Parse(text, PromQlDialect.Grafana));
    }
}
