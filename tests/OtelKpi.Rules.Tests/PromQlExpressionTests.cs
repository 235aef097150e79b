using OtelKpi.Testing.PromQl;

namespace OtelKpi.Rules.Tests;

/// <summary>
/// The PromQL analysis the contract checks rely on finds every selector, label and number, and refuses what
/// it cannot follow in rule files (the Prometheus dialect).
/// </summary>
public sealed class PromQlExpressionTests
{
    [Fact]
    public void Finds_selectors_matchers_ranges_and_grouping_labels()
    {
        var expression = PromQlExpression.Parse(
            """
            sum by (job, http_route) (rate(http_server_request_duration_seconds_count{http_response_status_code=~"5.."}[5m]))
            / on (job) group_left ()
            (job:http_server_requests:rate5m > 0)   # a comment
            """);

        Assert.Equal(
            [
                new PromQlSelector("http_server_request_duration_seconds_count", [new PromQlMatcher("http_response_status_code", "=~", "5..")], "5m", ["sum", "rate"]),
                new PromQlSelector("job:http_server_requests:rate5m", [], null, []),
            ],
            expression.Selectors,
            SelectorEquality.Instance);
        Assert.Equal([TimeSpan.FromMinutes(5), TimeSpan.Zero], expression.Selectors.Select(s => s.RangeDuration));
        Assert.Equal(["job", "http_route", "job"], expression.GroupingLabels);
        Assert.Equal(["rate", "sum"], expression.Functions.Order());
        Assert.Equal([0.0], expression.Numbers);
    }

    [Fact]
    public void Reads_aggregations_written_with_the_clause_after_the_body()
    {
        var expression = PromQlExpression.Parse("max(otelkpi_filesystem_used_bytes) without (instance) * 2.5");

        Assert.Equal(["otelkpi_filesystem_used_bytes"], expression.Selectors.Select(s => s.Metric));
        Assert.Equal(["instance"], expression.GroupingLabels);
        Assert.Equal([2.5], expression.Numbers);
    }

    [Fact]
    public void Tells_keywords_and_durations_from_names_and_numbers()
    {
        var expression = PromQlExpression.Parse("a and on (job) b or c unless bool d offset 1h30m > 1e3");

        Assert.Equal(["a", "b", "c", "d"], expression.Selectors.Select(s => s.Metric));
        Assert.Equal([1000.0], expression.Numbers);
    }

    [Fact]
    public void Unescapes_strings()
    {
        var expression = PromQlExpression.Parse("x{le=~\"0\\\\.50*\", a='b'}");

        Assert.Equal([new PromQlMatcher("le", "=~", "0\\.50*"), new PromQlMatcher("a", "=", "b")], expression.Selectors.Single().Matchers);
    }

    [Theory]
    [InlineData("{job=\"x\"}")]
    [InlineData("rate(x[5m])[1h:5m]")]
    [InlineData("x $ y")]
    [InlineData("rate(x[$__rate_interval])")]
    [InlineData("sum(x{job=\"a\"}")]
    public void Refuses_what_it_cannot_follow(string text)
    {
        Assert.Throws<FormatException>(() => PromQlExpression.Parse(text));
    }

    [Theory]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("3d", 259200)]
    [InlineData("26h", 93600)]
    [InlineData("500ms", 0.5)]
    public void Parses_durations(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), PromDuration.Parse(text));
    }

    private sealed class SelectorEquality : IEqualityComparer<PromQlSelector>
    {
        public static readonly SelectorEquality Instance = new();

        public bool Equals(PromQlSelector? x, PromQlSelector? y) =>
            x is not null && y is not null && x.Metric == y.Metric && x.Range == y.Range && x.Matchers.SequenceEqual(y.Matchers)
            && x.EnclosingFunctions.SequenceEqual(y.EnclosingFunctions);

        public int GetHashCode(PromQlSelector obj) => obj.Metric?.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
