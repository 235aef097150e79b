using Microsoft.AspNetCore.Mvc.Testing;
using OtelKpi.Testing;

namespace OtelKpi.Tests;

/// <summary>
/// The golden test: a real scrape of the sample service must match docs/metrics.md family by family,
/// type by type, label by label and bucket by bucket, in both directions.
/// </summary>
public class MetricContractTests
{
    private static readonly MetricContract Contract = MetricContract.Load();

    [Fact]
    public async Task The_sample_scrape_has_exactly_the_documented_families_types_and_labels()
    {
        var scrape = await ScrapeSampleAfterTrafficAsync();
        var libraryFamilies = scrape.Types.Keys.Where(name => !name.StartsWith("shop_", StringComparison.Ordinal)).Order().ToList();

        // The usage families of the process's own cgroup and network namespace appear only where it has them (a
        // container); the ground-truth tests of OtelKpi.Instrumentation.Container check them all there.
        Assert.Equal(9, Contract.OwnResourceFamilies.Count);
        Assert.Equal(Contract.Families.Select(f => f.Name).Where(f => !Contract.OwnResourceFamilies.Contains(f)).Order(), libraryFamilies.Where(f => !Contract.OwnResourceFamilies.Contains(f)));
        Assert.Subset(Contract.OwnResourceFamilies.ToHashSet(), libraryFamilies.Where(Contract.OwnResourceFamilies.Contains).ToHashSet());

        foreach (var family in Contract.Families.Where(f => scrape.Types.ContainsKey(f.Name)))
        {
            Assert.True(family.Type == scrape.Types[family.Name], $"{family.Name} is a {scrape.Types[family.Name]}, the contract says {family.Type}");
            var samples = family.SeriesNames.SelectMany(scrape.Series).ToList();
            Assert.True(samples.Count > 0, $"{family.Name} has no samples");

            foreach (var sample in samples)
            {
                var allowed = Contract.LabelsOfSeries(sample.Name);
                var extra = sample.Labels.Keys.Where(l => !allowed.Contains(l)).ToList();
                Assert.True(extra.Count == 0, $"{sample.Name} has undocumented labels {string.Join(", ", extra)}");
                var missing = family.RequiredLabels.Where(l => !sample.Labels.ContainsKey(l)).ToList();
                Assert.True(missing.Count == 0, $"{sample.Name} lacks required labels {string.Join(", ", missing)}");
            }
        }
    }

    [Fact]
    public async Task Optional_labels_appear_exactly_where_documented()
    {
        var scrape = await ScrapeSampleAfterTrafficAsync();
        var counts = scrape.Series("http_server_request_duration_seconds_count").ToList();

        Assert.Contains(counts, s => s.Label("error_type") == "System.InvalidOperationException" && s.Label("http_route") == "/api/fail");
        Assert.Contains(counts, s => s.Label("error_type") == "500" && s.Label("http_route") == "/api/checkout");
        Assert.All(counts.Where(s => s.Label("error_type") is not null), s => Assert.StartsWith("5", s.Label("http_response_status_code")));
        Assert.Contains(counts, s => s.Label("http_route") is null && s.Label("http_response_status_code") == "404");
        Assert.DoesNotContain(counts, s => s.Label("http_route") is "/health" or "/metrics");
    }

    [Fact]
    public async Task Buckets_are_the_documented_boundaries_which_are_the_library_defaults()
    {
        var scrape = await ScrapeSampleAfterTrafficAsync();

        Assert.Equal(KpiTelemetryOptions.DefaultLatencyBuckets, Contract.Buckets);
        var expected = Contract.Buckets.Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("+Inf").ToList();
        var bySeries = scrape.Series("http_server_request_duration_seconds_bucket")
            .GroupBy(s => string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}")));
        Assert.All(bySeries, group => Assert.Equal(expected, group.Select(s => s.Label("le"))));
    }

    [Fact]
    public async Task The_sample_business_meter_is_on_the_same_endpoint()
    {
        var scrape = await ScrapeSampleAfterTrafficAsync();

        Assert.Equal("counter", scrape.Types["shop_orders_total"]);
        Assert.Equal(1, scrape.Series("shop_orders_total").Single(s => s.Label("outcome") == "placed").Value);
        Assert.Equal(1, scrape.Series("shop_orders_total").Single(s => s.Label("outcome") == "failed").Value);
        Assert.Equal("histogram", scrape.Types["shop_checkout_amount_usd"]);
        Assert.Equal(1, scrape.Single("shop_checkout_amount_usd_count").Value);
    }

    private static async Task<PrometheusScrape> ScrapeSampleAfterTrafficAsync()
    {
        await using var factory = new WebApplicationFactory<Program>();
        using var client = factory.CreateClient();

        foreach (var path in new[] { "/api/products", "/api/products/3", "/api/products/5000", "/api/reports/daily", "/api/fail", "/health", "/no/such/page" })
        {
            using var _ = await client.GetAsync(path);
        }

        using (await client.PostAsync("/api/checkout", null))
        using (await client.PostAsync("/api/checkout?fail=true", null))
        {
        }

        for (var attempt = 0; ; attempt++)
        {
            var scrape = PrometheusScrape.Parse(await client.GetStringAsync("/metrics"));
            if (scrape.Sum("http_server_request_duration_seconds_count") >= 8 || attempt == 100)
            {
                return scrape;
            }

            await Task.Delay(20);
        }
    }
}
