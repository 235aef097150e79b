namespace OtelKpi.Dashboards.Tests.Lint;

/// <summary>The lint's PromQL scanner finds selectors, ranges, nesting and labels exactly.</summary>
public class PromQlScanTests
{
    [Fact]
    public void Finds_selectors_with_matchers_ranges_and_enclosing_functions()
    {
        var scan = PromQlScan.Of("""
            histogram_quantile(0.99, sum by (job, le) (rate(a_bucket{job=~"$job", le="0.5"}[$__rate_interval])))
            / on (job) group_left () max by (job) (otelkpi:x{job=~"$job"}) * 2
            """);

        Assert.Equal(2, scan.Selectors.Count);
        var bucket = scan.Selectors[0];
        Assert.Equal("a_bucket", bucket.Metric);
        Assert.Equal([new PromMatcher("job", "=~", "$job"), new PromMatcher("le", "=", "0.5")], bucket.Matchers);
        Assert.Equal("$__rate_interval", bucket.Range);
        Assert.Equal(["histogram_quantile", "sum", "rate"], bucket.EnclosingFunctions);
        var threshold = scan.Selectors[1];
        Assert.Equal(("otelkpi:x", (string?)null), (threshold.Metric, threshold.Range));
        Assert.Equal([new PromMatcher("job", "=~", "$job")], threshold.Matchers);
        Assert.Equal(["max"], threshold.EnclosingFunctions);
        Assert.Equal(["job", "le", "job", "job"], scan.GroupingLabels);
        Assert.Equal(["histogram_quantile", "sum", "rate", "max"], scan.Functions);
    }

    [Fact]
    public void Reads_label_replace_label_arguments_and_the_aggregation_after_form()
    {
        var scan = PromQlScan.Of("label_replace(sum(rate(m_total{a!~\"x\\\"y\"}[1m])) without (b), \"dst\", \"(none)\", \"src\", \"\")");

        Assert.Equal(["dst", "src"], scan.LabelReplaceLabels);
        Assert.Equal(["b"], scan.GroupingLabels);
        var selector = Assert.Single(scan.Selectors);
        Assert.Equal(new PromMatcher("a", "!~", "x\"y"), Assert.Single(selector.Matchers));
        Assert.Equal(["label_replace", "sum", "rate"], selector.EnclosingFunctions);
    }

    [Fact]
    public void Keywords_and_numbers_are_not_selectors()
    {
        var scan = PromQlScan.Of("(a > bool 0) or 0 * b unless c + 1e-9");

        Assert.Equal(["a", "b", "c"], scan.Selectors.Select(s => s.Metric));
    }
}
