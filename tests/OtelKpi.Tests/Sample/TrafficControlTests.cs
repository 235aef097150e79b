using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using OtelKpi.Sample;
using OtelKpi.Testing;

namespace OtelKpi.Tests.Sample;

/// <summary>
/// The sample's traffic changes at run time through <c>POST /traffic</c>, as a scripted demo incident needs: only
/// the values given change, bad values are refused with the key named, control calls are not counted as traffic,
/// and the generator of a running sample follows a change at once.
/// </summary>
public sealed class TrafficControlTests : IClassFixture<WebApplicationFactory<Program>>
{
    private readonly WebApplicationFactory<Program> factory;

    public TrafficControlTests(WebApplicationFactory<Program> factory) => this.factory = factory;

    [Fact]
    public async Task A_change_sets_the_values_it_names_and_keeps_the_others()
    {
        using var client = this.factory.CreateClient();
        var before = await client.GetFromJsonAsync<JsonElement>(TrafficEndpoints.Path);

        using var response = await client.PostAsJsonAsync(TrafficEndpoints.Path, new { errorRatio = 0.2, slowSeconds = 2.5 });
        var after = await client.GetFromJsonAsync<JsonElement>(TrafficEndpoints.Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0.2, after.GetProperty("errorRatio").GetDouble());
        Assert.Equal(2.5, after.GetProperty("slowSeconds").GetDouble());
        Assert.Equal(before.GetProperty("requestsPerSecond").GetDouble(), after.GetProperty("requestsPerSecond").GetDouble());
        Assert.Equal(before.GetProperty("slowRatio").GetDouble(), after.GetProperty("slowRatio").GetDouble());
        Assert.Equal(before.GetProperty("enabled").GetBoolean(), after.GetProperty("enabled").GetBoolean());
        (await client.PostAsJsonAsync(TrafficEndpoints.Path, new { errorRatio = before.GetProperty("errorRatio").GetDouble(), slowSeconds = before.GetProperty("slowSeconds").GetDouble() })).Dispose();
    }

    [Theory]
    [InlineData("{\"errorRatio\": 1.5}", "ErrorRatio is 1.5; allowed: 0 to 1.")]
    [InlineData("{\"requestsPerSecond\": 0}", "RequestsPerSecond is 0; allowed: 1 to 2000.")]
    [InlineData("{\"slowSeconds\": 120}", "SlowSeconds is 120; allowed: 0.01 to 60.")]
    [InlineData("{\"slowRatio\": -0.1, \"errorRatio\": 0.1}", "SlowRatio is -0.1; allowed: 0 to 1.")]
    public async Task A_value_out_of_range_is_refused_with_its_key_and_changes_nothing(string body, string message)
    {
        using var client = this.factory.CreateClient();
        var before = await client.GetStringAsync(TrafficEndpoints.Path);

        using var response = await client.PostAsync(TrafficEndpoints.Path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await client.GetStringAsync(TrafficEndpoints.Path));
    }

    [Fact]
    public async Task An_unknown_key_is_refused_rather_than_ignored()
    {
        using var client = this.factory.CreateClient();
        var before = await client.GetStringAsync(TrafficEndpoints.Path);

        using var response = await client.PostAsync(TrafficEndpoints.Path, new StringContent("{\"errorRate\": 0.2}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await client.GetStringAsync(TrafficEndpoints.Path));
    }

    [Fact]
    public async Task Controlling_the_traffic_is_not_counted_as_traffic()
    {
        using var client = this.factory.CreateClient();
        (await client.GetAsync(TrafficEndpoints.Path)).Dispose();
        (await client.PostAsJsonAsync(TrafficEndpoints.Path, new { })).Dispose();

        var scrape = PrometheusScrape.Parse(await client.GetStringAsync("/metrics"));

        Assert.DoesNotContain(scrape.Samples, s => s.Label("http_route") == TrafficEndpoints.Path);
    }

    [Fact]
    public async Task Reports_take_as_long_as_slow_seconds_says()
    {
        using var client = this.factory.CreateClient();
        (await client.PostAsJsonAsync(TrafficEndpoints.Path, new { slowSeconds = 1.5 })).Dispose();
        try
        {
            (await client.GetAsync("/api/reports/daily-sales")).Dispose();

            var buckets = PrometheusScrape.Parse(await client.GetStringAsync("/metrics"))
                .Series("http_server_request_duration_seconds_bucket").Where(s => s.Label("http_route") == "/api/reports/{name}").ToList();
            // At least 1 s (2/3 of 1.5 s): above the 0.75 s bucket, so an average latency can be pushed above
            // any threshold of the histogram.
            Assert.Equal(0, buckets.Single(b => b.Label("le") == "0.75").Value);
            Assert.True(buckets.Single(b => b.Label("le") == "+Inf").Value >= 1);
        }
        finally
        {
            (await client.PostAsJsonAsync(TrafficEndpoints.Path, new { slowSeconds = TrafficSettings.Default.SlowSeconds })).Dispose();
        }
    }

    [Fact]
    public async Task A_running_sample_sends_the_new_error_ratio_as_soon_as_it_is_posted()
    {
        await using var sample = await SampleServiceProcess.StartAsync(new SampleTraffic(RequestsPerSecond: 100, ErrorRatio: 0, SlowRatio: 0));
        using var client = new HttpClient { BaseAddress = sample.Address };
        await WaitForRequestsAsync(sample, 50);

        using var response = await client.PostAsJsonAsync(TrafficEndpoints.Path, new { errorRatio = 0.5 });
        var (before, beforeFailed) = Counts(await sample.ScrapeAsync());
        await WaitForRequestsAsync(sample, before + 200);
        var (after, afterFailed) = Counts(await sample.ScrapeAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, beforeFailed); // none before the change
        Assert.InRange((afterFailed - beforeFailed) / (after - before), 0.45, 0.55);
    }

    private static (double All, double Failed) Counts(PrometheusScrape scrape)
    {
        var counts = scrape.Series("http_server_request_duration_seconds_count").ToList();
        return (counts.Sum(c => c.Value), counts.Where(c => c.Label("http_response_status_code")?.StartsWith('5') == true).Sum(c => c.Value));
    }

    private static async Task WaitForRequestsAsync(SampleServiceProcess sample, double count)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Counts(await sample.ScrapeAsync()).All < count)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"the sample served fewer than {count} requests in 60 s.\n{sample.Log}");
            await Task.Delay(200);
        }
    }
}
