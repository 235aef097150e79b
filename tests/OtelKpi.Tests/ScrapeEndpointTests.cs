using System.Net;
using OtelKpi.Testing;

namespace OtelKpi.Tests;

public class ScrapeEndpointTests
{
    [Fact]
    public async Task The_path_is_configurable()
    {
        await using var host = await KpiTestHost.StartAsync(new Dictionary<string, string?> { ["KpiTelemetry:Scrape:Path"] = "/internal/prometheus" });

        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/metrics")).StatusCode);
        var scrape = await host.ScrapeAsync("/internal/prometheus");

        Assert.Contains("target_info", scrape.Names);
        Assert.DoesNotContain(scrape.Series("http_server_request_duration_seconds_count"), s => s.Label("http_route") == "/internal/prometheus");
    }

    [Fact]
    public async Task Restricted_to_hosts_it_answers_only_requests_for_those_hosts()
    {
        await using var host = await KpiTestHost.StartAsync(new Dictionary<string, string?> { ["KpiTelemetry:Scrape:Hosts:0"] = "metrics.internal" });

        using var publicRequest = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Host = "shop.example.com" } };
        using var internalRequest = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Host = "metrics.internal" } };

        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.SendAsync(publicRequest)).StatusCode);
        var response = await host.Client.SendAsync(internalRequest);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("target_info", PrometheusScrape.Parse(await response.Content.ReadAsStringAsync()).Names);
    }

    [Fact]
    public async Task On_a_dedicated_port_metrics_are_served_there_and_not_on_the_application_port()
    {
        var (host, port) = await KpiTestHost.StartWithDedicatedScrapePortAsync(new Dictionary<string, string?> { ["KpiTelemetry:Scrape:BindAddress"] = "127.0.0.1" });
        await using var _ = host;
        using var metricsClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        await host.Client.GetAsync("/ok");
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await metricsClient.GetAsync("/ok")).StatusCode);

        await metricsClient.ScrapeUntilRequestCountAsync(1);

        // Only /ok: the scrape path stays excluded on the application port, and the listener's own
        // requests are not the service's traffic.
        await Task.Delay(200);
        var scrape = await metricsClient.ScrapeAsync();
        var counted = Assert.Single(scrape.Series("http_server_request_duration_seconds_count"));
        Assert.Equal(("/ok", 1.0), (counted.Label("http_route"), counted.Value));
    }

    [Fact]
    public async Task Disabled_it_is_not_served()
    {
        await using var host = await KpiTestHost.StartAsync(new Dictionary<string, string?> { ["KpiTelemetry:Scrape:Enabled"] = "false" });

        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/metrics")).StatusCode);
    }
}
