namespace OtelKpi.Testing;

/// <summary>Scrapes a service's Prometheus endpoint over HTTP.</summary>
public static class MetricsEndpoint
{
    private const string RequestCount = "http_server_request_duration_seconds_count";

    /// <summary>Scrapes <paramref name="path"/> once; fails unless it answers 200 with the text exposition format.</summary>
    public static async Task<PrometheusScrape> ScrapeAsync(this HttpClient client, string path = "/metrics")
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentType?.MediaType != "text/plain")
        {
            throw new InvalidOperationException($"{path} answered {response.Content.Headers.ContentType}, not text/plain.");
        }

        return PrometheusScrape.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// ASP.NET Core records a request's duration just after the response is sent, so a client can see the
    /// response a moment before the metric. Scrapes until the request count reaches <paramref name="expected"/>,
    /// for at most ten seconds (a guard against a broken run, not a measurement), and returns that scrape for
    /// exact assertions.
    /// </summary>
    public static async Task<PrometheusScrape> ScrapeUntilRequestCountAsync(this HttpClient client, double expected, string path = "/metrics")
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var scrape = await client.ScrapeAsync(path);
            if (scrape.Sum(RequestCount) >= expected || DateTime.UtcNow > deadline)
            {
                return scrape;
            }

            await Task.Delay(20);
        }
    }
}
