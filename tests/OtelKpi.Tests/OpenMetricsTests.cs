using System.Globalization;
using OtelKpi.Testing;

namespace OtelKpi.Tests;

/// <summary>
/// What a real Prometheus stores is the contract, not only what a plain scrape shows. Prometheus 2.42 asks for
/// OpenMetrics first; in that format the exporter adds a <c>_created</c> series per counter and histogram, writes
/// bucket bounds as <c>1.0</c>, and types <c>target_info</c> as info. OtelKpi answers every scraper with the text
/// format, so Prometheus stores exactly the families of docs/metrics.md.
/// </summary>
public class OpenMetricsTests
{
    /// <summary>The Accept header Prometheus 2.42 sends on every scrape.</summary>
    private const string PrometheusAccept =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    /// <summary>The series Prometheus itself writes for every target.</summary>
    private static readonly string[] ScrapeSeries =
        ["scrape_duration_seconds", "scrape_samples_post_metric_relabeling", "scrape_samples_scraped", "scrape_series_added", "up"];

    private static readonly MetricContract Contract = MetricContract.Load();

    [Fact]
    public async Task A_scraper_asking_for_OpenMetrics_gets_the_text_format_on_the_application_port()
    {
        await using var host = await KpiTestHost.StartAsync();
        await host.Client.GetAsync("/ok");
        await host.ScrapeUntilRequestCountAsync(1);

        var (contentType, body) = await ScrapeAsPrometheusAsync(host.Client, "/metrics");

        AssertTextFormat(contentType, body);
    }

    [Fact]
    public async Task A_scraper_asking_for_OpenMetrics_gets_the_text_format_on_the_dedicated_scrape_port()
    {
        var (host, port) = await KpiTestHost.StartWithDedicatedScrapePortAsync();
        await using var _ = host;
        using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await host.Client.GetAsync("/ok");
        await scraper.ScrapeUntilRequestCountAsync(1);

        var (contentType, body) = await ScrapeAsPrometheusAsync(scraper, "/metrics");

        AssertTextFormat(contentType, body);
    }

    [Fact]
    public async Task Prometheus_2_42_scraping_the_sample_stores_exactly_the_documented_series_labels_and_buckets()
    {
        await using var sample = await SampleServiceProcess.StartAsync(new SampleTraffic(RequestsPerSecond: 20, ErrorRatio: 0.1, SlowRatio: 0.05));
        await using var prometheus = await PrometheusServer.StartAsync($$"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: sample
                static_configs:
                  - targets: ["{{sample.Target}}"]
            """);
        await prometheus.WaitUntilAsync(
            async () => (await prometheus.QueryAsync("count_over_time(up{job=\"sample\"}[1m])")).Series is [{ Value: >= 3 }],
            TimeSpan.FromSeconds(60),
            "three scrapes of the sample");
        var direct = await sample.ScrapeAsync();
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        var end = DateTimeOffset.UtcNow.AddMinutes(1);

        var stored = await prometheus.LabelValuesAsync("__name__", null, start, end);

        var directNames = direct.Names;
        Assert.DoesNotContain(directNames, n => !n.StartsWith("shop_", StringComparison.Ordinal) && Contract.FamilyOfSeries(n) is null);
        var documented = Contract.SeriesNames.Where(n => directNames.Contains(n) || !IsResourceSeries(n));
        var expected = documented
            .Concat(directNames.Where(n => n.StartsWith("shop_", StringComparison.Ordinal)))
            .Concat(ScrapeSeries)
            .Distinct()
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, stored.Order(StringComparer.Ordinal));

        var series = await prometheus.GetDataAsync(
            $"api/v1/series?match[]={Uri.EscapeDataString("{job=\"sample\"}")}&start={Unix(start)}&end={Unix(end)}");
        var buckets = Contract.Buckets.Select(b => b.ToString(CultureInfo.InvariantCulture)).Append("+Inf").ToList();
        foreach (var labels in series.EnumerateArray().Select(s => s.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)))
        {
            var name = labels["__name__"];
            if (Contract.FamilyOfSeries(name) is null)
            {
                continue; // Prometheus' own scrape series and the sample's shop meter
            }

            var undocumented = labels.Keys.Where(l => l != "__name__" && !Contract.LabelsOfSeries(name).Contains(l)).ToList();
            Assert.True(undocumented.Count == 0, $"Prometheus stores {name} with undocumented labels {string.Join(", ", undocumented)}");
            if (name.EndsWith("_bucket", StringComparison.Ordinal))
            {
                Assert.Contains(labels["le"], buckets);
            }
        }

        var storedBuckets = series.EnumerateArray()
            .Where(s => s.GetProperty("__name__").GetString() == "http_server_request_duration_seconds_bucket")
            .Select(s => s.GetProperty("le").GetString()!)
            .Distinct()
            .ToHashSet();
        Assert.Equal(buckets.ToHashSet(), storedBuckets);
    }

    private static async Task<(string ContentType, string Body)> ScrapeAsPrometheusAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", PrometheusAccept);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (response.Content.Headers.ContentType?.ToString() ?? string.Empty, await response.Content.ReadAsStringAsync());
    }

    private static void AssertTextFormat(string contentType, string body)
    {
        Assert.StartsWith("text/plain", contentType, StringComparison.Ordinal);
        Assert.DoesNotContain("_created", body, StringComparison.Ordinal);
        Assert.DoesNotContain("# EOF", body, StringComparison.Ordinal);
        Assert.DoesNotContain("# UNIT", body, StringComparison.Ordinal);
        Assert.Contains("# TYPE target_info gauge", body, StringComparison.Ordinal);
        Assert.Contains("# TYPE process_cpu_seconds_total counter", body, StringComparison.Ordinal);
        Assert.Contains("le=\"1\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("le=\"1.0\"", body, StringComparison.Ordinal);
        var parsed = PrometheusScrape.Parse(body);
        Assert.Equal(1, parsed.Sum("http_server_request_duration_seconds_count"));
    }

    /// <summary>Resource series the sample may lack where their kernel source is missing (docs/metrics.md).</summary>
    private static bool IsResourceSeries(string name) =>
        name.StartsWith("otelkpi_", StringComparison.Ordinal) || name.StartsWith("process_", StringComparison.Ordinal);

    private static string Unix(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);
}
