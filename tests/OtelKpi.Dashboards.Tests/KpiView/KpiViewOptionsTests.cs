using OtelKpi.KpiView;

namespace OtelKpi.Dashboards.Tests.KpiView;

/// <summary>The view's command line.</summary>
public class KpiViewOptionsTests
{
    [Fact]
    public void Defaults_suit_a_local_prometheus_with_the_shipped_15s_scrape_interval()
    {
        var options = KpiViewOptions.Parse([]);

        Assert.Equal(new Uri("http://127.0.0.1:9090/"), options.Prometheus);
        Assert.Equal("1m", options.RateInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Refresh);
        Assert.Null(options.Dashboard);
        Assert.False(options.Once);
        Assert.Empty(options.Variables);
    }

    [Fact]
    public void Every_option_is_read()
    {
        var options = KpiViewOptions.Parse(
            ["--prometheus", "http://127.0.0.1:9091", "--dashboard", "d.json", "--rate-interval", "20s", "--refresh", "2", "--var", "job=a", "--var", "job=b=c", "--once"]);

        Assert.Equal(new Uri("http://127.0.0.1:9091/"), options.Prometheus);
        Assert.Equal("d.json", options.Dashboard);
        Assert.Equal("20s", options.RateInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Refresh);
        Assert.Equal(["a", "b=c"], options.Variables["job"]);
        Assert.True(options.Once);
    }

    [Theory]
    [InlineData("--refresh", "0")]
    [InlineData("--prometheus", "not a url")]
    [InlineData("--var", "nameonly")]
    [InlineData("--bogus", "x")]
    [InlineData("--dashboard")]
    public void Wrong_arguments_are_refused_with_the_reason(params string[] args)
    {
        var error = Assert.Throws<ArgumentException>(() => KpiViewOptions.Parse(args));
        Assert.Contains(args[0], error.Message, StringComparison.Ordinal);
    }
}
