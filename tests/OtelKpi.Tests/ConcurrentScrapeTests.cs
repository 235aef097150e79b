namespace OtelKpi.Tests;

public class ConcurrentScrapeTests
{
    [Fact]
    public async Task Requests_sent_concurrently_while_others_scrape_add_up_exactly()
    {
        const int Requests = 4000;
        await using var host = await KpiTestHost.StartAsync();
        using var scraping = new CancellationTokenSource();

        var scrapes = 0;
        var scrapers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (!scraping.IsCancellationRequested)
            {
                var scrape = await host.ScrapeAsync();
                Assert.True(scrape.Sum("http_server_request_duration_seconds_count") <= Requests);
                Interlocked.Increment(ref scrapes);
            }
        })).ToArray();

        await Parallel.ForAsync(0, Requests, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            using var response = await host.Client.GetAsync(i % 2 == 0 ? "/ok" : $"/items/{i}", ct);
            response.EnsureSuccessStatusCode();
        });

        var final = await host.ScrapeUntilRequestCountAsync(Requests);
        await scraping.CancelAsync();
        await Task.WhenAll(scrapers);

        Assert.True(scrapes > 3, $"scrapers ran {scrapes} times");
        Assert.Equal(Requests, final.Sum("http_server_request_duration_seconds_count"));
        Assert.Equal(Requests / 2, final.Single("http_server_request_duration_seconds_count", "/ok").Value);
        Assert.Equal(Requests, final.Series("http_server_request_duration_seconds_bucket").Where(s => s.Label("le") == "+Inf").Sum(s => s.Value));

        await Task.Delay(300);
        Assert.Equal(Requests, (await host.ScrapeAsync()).Sum("http_server_request_duration_seconds_count"));
    }
}

internal static class ScrapeExtensions
{
    public static OtelKpi.Testing.PrometheusSample Single(this OtelKpi.Testing.PrometheusScrape scrape, string name, string route) =>
        scrape.Series(name).Single(s => s.Label("http_route") == route);
}
