namespace OtelKpi.Tests;

/// <summary>Two web hosts in one process (a test server next to the app, a sidecar listener) keep their traffic apart.</summary>
public class HostIsolationTests
{
    [Fact]
    public async Task Requests_to_one_host_never_appear_in_another_hosts_metrics()
    {
        await using var first = await KpiTestHost.StartAsync();
        await using var second = await KpiTestHost.StartAsync();

        for (var i = 0; i < 5; i++)
        {
            await first.Client.GetAsync("/ok");
        }

        await second.Client.GetAsync("/items/1");
        var firstScrape = await first.ScrapeUntilRequestCountAsync(5);
        var secondScrape = await second.ScrapeUntilRequestCountAsync(1);
        await Task.Delay(200);
        firstScrape = await first.ScrapeAsync();
        secondScrape = await second.ScrapeAsync();

        var firstSeries = Assert.Single(firstScrape.Series("http_server_request_duration_seconds_count"));
        Assert.Equal(("/ok", 5.0), (firstSeries.Label("http_route"), firstSeries.Value));
        var secondSeries = Assert.Single(secondScrape.Series("http_server_request_duration_seconds_count"));
        Assert.Equal(("/items/{id:int}", 1.0), (secondSeries.Label("http_route"), secondSeries.Value));

        // Each host reports the process and container once, not once per host in the process.
        foreach (var scrape in new[] { firstScrape, secondScrape })
        {
            Assert.Single(scrape.Series("process_start_time_seconds"));
            Assert.Single(scrape.Series("process_cpu_seconds_total"));
            Assert.Single(scrape.Series("otelkpi_container_cpu_limit_cores"));
            Assert.Single(scrape.Series("otelkpi_filesystem_used_bytes"));
            Assert.Equal(scrape.Types.Count, scrape.Text.Split('\n').Count(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)));
        }
    }
}
