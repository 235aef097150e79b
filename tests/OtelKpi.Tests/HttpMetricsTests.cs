using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;

namespace OtelKpi.Tests;

public class HttpMetricsTests
{
    private const string Count = "http_server_request_duration_seconds_count";

    [Fact]
    public async Task Requests_are_counted_by_method_route_and_status_with_only_the_contract_labels()
    {
        await using var host = await KpiTestHost.StartAsync();

        for (var i = 0; i < 3; i++)
        {
            await host.Client.GetAsync($"/items/{i}");
        }

        await host.Client.GetAsync("/ok");
        await host.Client.PostAsync("/ok", null); // 405: matched no endpoint for POST
        var scrape = await host.ScrapeUntilRequestCountAsync(5);

        var items = Assert.Single(scrape.Series(Count), s => s.Label("http_route") == "/items/{id:int}");
        Assert.Equal(3, items.Value);
        Assert.Equal(
            new Dictionary<string, string> { ["http_request_method"] = "GET", ["http_route"] = "/items/{id:int}", ["http_response_status_code"] = "200" },
            items.Labels);
        Assert.Equal(5, scrape.Sum(Count));
    }

    [Fact]
    public async Task A_throwing_endpoint_is_a_500_with_the_exception_type_and_a_5xx_result_carries_its_status()
    {
        await using var host = await KpiTestHost.StartOnKestrelAsync();

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, (await host.Client.GetAsync("/boom")).StatusCode);
        await host.Client.GetAsync("/boom");
        await host.Client.GetAsync("/status/503");
        await host.Client.GetAsync("/status/404");
        var scrape = await host.ScrapeUntilRequestCountAsync(4);

        var thrown = Assert.Single(scrape.Series(Count), s => s.Label("http_route") == "/boom");
        Assert.Equal(2, thrown.Value);
        Assert.Equal("500", thrown.Label("http_response_status_code"));
        Assert.Equal("System.InvalidOperationException", thrown.Label("error_type"));

        var unavailable = Assert.Single(scrape.Series(Count), s => s.Has(("http_route", "/status/{code:int}"), ("http_response_status_code", "503")));
        Assert.Equal("503", unavailable.Label("error_type"));

        var notFound = Assert.Single(scrape.Series(Count), s => s.Has(("http_route", "/status/{code:int}"), ("http_response_status_code", "404")));
        Assert.Null(notFound.Label("error_type"));
    }

    [Fact]
    public async Task Requests_the_application_opts_out_through_ASP_NET_Core_s_metrics_feature_or_metadata_are_not_counted()
    {
        await using var host = await KpiTestHost.StartAsync(endpoints: app =>
        {
            app.MapGet("/opted-out", (HttpContext context) =>
            {
                // What ASP.NET Core's documentation shows; the hosting layer sets no feature while its instruments are off.
                context.Features.GetRequiredFeature<IHttpMetricsTagsFeature>().MetricsDisabled = true;
                return "not counted";
            });
            app.MapGet("/disabled", () => "not counted").DisableHttpMetrics();
        });

        await host.Client.GetAsync("/opted-out");
        await host.Client.GetAsync("/disabled");
        await host.Client.GetAsync("/ok");
        var scrape = await host.ScrapeUntilRequestCountAsync(1);
        await Task.Delay(150);
        scrape = await host.ScrapeAsync();

        var counted = Assert.Single(scrape.Series(Count));
        Assert.Equal(("/ok", 1), (counted.Label("http_route"), counted.Value));
    }

    [Fact]
    public async Task Scrape_and_health_paths_are_excluded_by_default()
    {
        await using var host = await KpiTestHost.StartAsync();

        await host.Client.GetAsync("/health");
        await host.Client.GetAsync("/health/db");
        await host.ScrapeAsync();
        await host.Client.GetAsync("/ok");
        var scrape = await host.ScrapeUntilRequestCountAsync(1);
        await Task.Delay(200);
        scrape = await host.ScrapeAsync();

        Assert.Equal(1, scrape.Sum(Count));
        Assert.Equal(["/ok"], scrape.Series(Count).Select(s => s.Label("http_route")));
    }

    [Fact]
    public async Task Excluded_paths_are_configurable_and_replace_the_defaults()
    {
        await using var host = await KpiTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["KpiTelemetry:ExcludedPaths:0"] = "/internal",
        });

        await host.Client.GetAsync("/internal/ping");
        await host.Client.GetAsync("/health");
        var scrape = await host.ScrapeUntilRequestCountAsync(1);
        await Task.Delay(200);
        scrape = await host.ScrapeAsync();

        Assert.Equal(["/health"], scrape.Series(Count).Select(s => s.Label("http_route")));
    }

    [Theory]
    [InlineData("json")]
    [InlineData("environment")]
    public async Task An_empty_excluded_paths_list_in_configuration_excludes_nothing_but_the_scrape(string source)
    {
        await using var host = await KpiTestHost.StartAsync(services: builder =>
        {
            if (source == "json")
            {
                builder.Configuration.AddJsonStream(new MemoryStream("{ \"KpiTelemetry\": { \"ExcludedPaths\": [] } }"u8.ToArray()));
            }
            else
            {
                // What KpiTelemetry__ExcludedPaths= (set, but empty) becomes.
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["KpiTelemetry:ExcludedPaths"] = string.Empty });
            }
        });

        await host.Client.GetAsync("/health");
        await host.ScrapeAsync();
        var scrape = await host.ScrapeUntilRequestCountAsync(1);
        await Task.Delay(200);
        scrape = await host.ScrapeAsync();

        Assert.Equal(["/health"], scrape.Series(Count).Select(s => s.Label("http_route")));
    }

    [Fact]
    public async Task Ten_thousand_random_unmatched_paths_create_one_series()
    {
        await using var host = await KpiTestHost.StartAsync();
        var random = new Random(42);

        await Parallel.ForAsync(0, 10_000, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var path = $"/scan/{random.Next()}/{Guid.NewGuid():N}.php?x={i}";
            using var response = await host.Client.GetAsync(path, ct);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        });
        await host.Client.GetAsync("/ok");
        var scrape = await host.ScrapeUntilRequestCountAsync(10_001);

        var series = scrape.Series(Count).ToList();
        Assert.Equal(2, series.Count);
        var unmatched = Assert.Single(series, s => s.Label("http_response_status_code") == "404");
        Assert.Equal(10_000, unmatched.Value);
        Assert.Null(unmatched.Label("http_route"));
        Assert.Equal(2 * 15, scrape.Series("http_server_request_duration_seconds_bucket").Count());
    }

    [Fact]
    public async Task Invented_methods_are_folded_into_OTHER()
    {
        await using var host = await KpiTestHost.StartAsync();

        foreach (var method in new[] { "FOO", "BAR", "PURGEALL" })
        {
            await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/ok"));
        }

        var scrape = await host.ScrapeUntilRequestCountAsync(3);

        var other = Assert.Single(scrape.Series(Count));
        Assert.Equal("_OTHER", other.Label("http_request_method"));
        Assert.Equal(3, other.Value);
    }

    [Fact]
    public async Task Beyond_the_cardinality_limit_label_sets_overflow_into_one_visible_series()
    {
        await using var host = await KpiTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["KpiTelemetry:CardinalityLimit"] = "10",
        });

        // 30 distinct status codes on one route: 30 label sets against a limit of 10.
        for (var code = 200; code < 230; code++)
        {
            await host.Client.GetAsync($"/status/{code}");
        }

        var scrape = await host.ScrapeUntilRequestCountAsync(30);

        var series = scrape.Series(Count).ToList();
        var overflow = Assert.Single(series, s => s.Label("otel_metric_overflow") == "true");
        Assert.Equal(new Dictionary<string, string> { ["otel_metric_overflow"] = "true" }, overflow.Labels);
        Assert.Equal(10, series.Count(s => s.Label("otel_metric_overflow") is null));
        Assert.Equal(20, overflow.Value);
        Assert.Equal(30, series.Sum(s => s.Value));
    }

    [Fact]
    public async Task Latency_buckets_are_configurable()
    {
        await using var host = await KpiTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["KpiTelemetry:LatencyBuckets:0"] = "0.1",
            ["KpiTelemetry:LatencyBuckets:1"] = "0.5",
            ["KpiTelemetry:LatencyBuckets:2"] = "2",
        });

        await host.Client.GetAsync("/ok");
        var scrape = await host.ScrapeUntilRequestCountAsync(1);

        Assert.Equal(["0.1", "0.5", "2", "+Inf"], scrape.Series("http_server_request_duration_seconds_bucket").Select(s => s.Label("le")));
    }
}
