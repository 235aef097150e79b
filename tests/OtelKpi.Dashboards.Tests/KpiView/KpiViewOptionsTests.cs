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
        Assert.Null(options.Rows);
        Assert.Null(options.Picture);
        Assert.Equal(TimeSpan.FromMinutes(15), options.PictureRange);
    }

    [Fact]
    public void Every_option_is_read()
    {
        var options = KpiViewOptions.Parse(
            ["--prometheus", "http://127.0.0.1:9091", "--dashboard", "d.json", "--rate-interval", "20s", "--refresh", "2", "--var", "job=a", "--var", "job=b=c", "--once",
             "--rows", "Overview, Instances", "--notifications", "n.jsonl", "--picture", "p.png", "--picture-range", "90s", "--watch-picture"]);

        Assert.Equal(new Uri("http://127.0.0.1:9091/"), options.Prometheus);
        Assert.Equal("d.json", options.Dashboard);
        Assert.Equal("20s", options.RateInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Refresh);
        Assert.Equal(["a", "b=c"], options.Variables["job"]);
        Assert.True(options.Once);
        Assert.Equal(["Instances", "Overview"], options.Rows!.Order(StringComparer.Ordinal));
        Assert.Equal("n.jsonl", options.Notifications);
        Assert.Equal(("p.png", TimeSpan.FromSeconds(90), true), (options.Picture, options.PictureRange, options.WatchPicture));
    }

    [Fact]
    public void The_receiver_listens_on_an_http_prefix_and_logs_to_a_file()
    {
        var options = KpiViewOptions.Parse(["--receive", "http://127.0.0.1:9095/", "--notifications", "n.jsonl"]);

        Assert.Equal("http://127.0.0.1:9095/", options.Receive);
        Assert.Throws<ArgumentException>(() => KpiViewOptions.Parse(["--receive", "http://127.0.0.1:9095/"]));
        Assert.Throws<ArgumentException>(() => KpiViewOptions.Parse(["--watch-picture"]));
    }

    [Theory]
    [InlineData("--refresh", "0")]
    [InlineData("--prometheus", "not a url")]
    [InlineData("--var", "nameonly")]
    [InlineData("--bogus", "x")]
    [InlineData("--dashboard")]
    [InlineData("--picture-range", "15")]
    [InlineData("--receive", "ftp://x/")]
    public void Wrong_arguments_are_refused_with_the_reason(params string[] args)
    {
        var error = Assert.Throws<ArgumentException>(() => KpiViewOptions.Parse(args));
        Assert.Contains(args[0], error.Message, StringComparison.Ordinal);
    }
}
