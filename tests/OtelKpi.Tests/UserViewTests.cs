using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OtelKpi.Tests.Apps;

namespace OtelKpi.Tests;

/// <summary>
/// OpenTelemetry applies every matching view on its own, so a user's view on an instrument whose stream the KPI
/// contract defines would export that instrument a second time under the same Prometheus family (double counts,
/// mixed buckets). OtelKpi refuses to start instead, naming the setting that does what the view wanted.
/// </summary>
public class UserViewTests
{
    private const string Count = "http_server_request_duration_seconds_count";

    public static TheoryData<string> ViewsOnContractInstruments => new()
    {
        "buckets-through-WithMetrics",
        "tag-keys-through-ConfigureOpenTelemetryMeterProvider",
        "predicate-view",
        "active-requests",
        "container-instrument",
    };

    [Theory]
    [MemberData(nameof(ViewsOnContractInstruments))]
    public async Task A_view_on_an_instrument_the_contract_owns_fails_start_up_naming_what_to_use_instead(string view)
    {
        var start = AttributionApp.StartAsync(_ => { }, services: builder =>
        {
            switch (view)
            {
                case "buckets-through-WithMetrics":
                    builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddView(
                        "http.server.request.duration",
                        new ExplicitBucketHistogramConfiguration { Boundaries = [0.1, 1, 10] }));
                    break;
                case "tag-keys-through-ConfigureOpenTelemetryMeterProvider":
                    builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddView(
                        "http.server.request.duration",
                        new MetricStreamConfiguration { TagKeys = ["http.route"] }));
                    break;
                case "predicate-view":
                    builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddView(instrument =>
                        instrument.Meter.Name.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal)
                            ? new MetricStreamConfiguration { CardinalityLimit = 50 }
                            : null));
                    break;
                case "active-requests":
                    builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddView(
                        "http.server.active_requests",
                        new MetricStreamConfiguration { TagKeys = ["http.request.method", "url.scheme"] }));
                    break;
                default:
                    builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddView(
                        "otelkpi.container.memory.limit",
                        new MetricStreamConfiguration { Description = "mine" }));
                    break;
            }
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => start);

        AssertNamesTheInstruments(
            view switch
            {
                "active-requests" => "'http.server.active_requests' (meter Microsoft.AspNetCore.Hosting)",
                "container-instrument" => "'otelkpi.container.memory.limit' (meter OtelKpi.Instrumentation.Container)",
                "predicate-view" => "'http.server.active_requests' (meter Microsoft.AspNetCore.Hosting), 'http.server.request.duration' (meter Microsoft.AspNetCore.Hosting)",
                _ => "'http.server.request.duration' (meter Microsoft.AspNetCore.Hosting)",
            },
            error);
    }

    [Fact]
    public async Task A_view_registered_before_AddKpiTelemetry_fails_start_up_too()
    {
        var start = AttributionApp.StartAsync(
            _ => { },
            servicesBeforeKpiTelemetry: builder => builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddView(
                "http.server.request.duration",
                new ExplicitBucketHistogramConfiguration { Boundaries = [0.1, 1, 10] })));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => start);

        AssertNamesTheInstruments("'http.server.request.duration' (meter Microsoft.AspNetCore.Hosting)", error);
    }

    [Fact]
    public async Task A_view_giving_a_contract_instrument_a_stream_of_its_own_name_is_allowed_and_leaves_the_contract_family_alone()
    {
        await using var host = await KpiTestHost.StartAsync(services: builder => builder.Services.ConfigureOpenTelemetryMeterProvider(
            metrics => metrics.AddView(
                "http.server.request.duration",
                new ExplicitBucketHistogramConfiguration { Name = "orders.latency", Boundaries = [0.1, 1] })));

        for (var i = 0; i < 5; i++)
        {
            await host.Client.GetAsync("/ok");
        }

        var scrape = await host.ScrapeUntilRequestCountAsync(5);

        Assert.Equal(5, scrape.Sum(Count));
        Assert.Equal(15, scrape.Series("http_server_request_duration_seconds_bucket").Count());
        Assert.Equal(5, scrape.Sum("orders_latency_seconds_count"));
        Assert.Equal(["0.1", "1", "+Inf"], scrape.Series("orders_latency_seconds_bucket").Select(s => s.Label("le")).Distinct());
    }

    [Fact]
    public async Task A_drop_view_on_a_contract_instrument_leaves_the_contract_stream_alone()
    {
        await using var host = await KpiTestHost.StartAsync(services: builder => builder.Services.ConfigureOpenTelemetryMeterProvider(
            metrics => metrics.AddView("http.server.request.duration", MetricStreamConfiguration.Drop)));

        await host.Client.GetAsync("/ok");
        var scrape = await host.ScrapeUntilRequestCountAsync(1);

        Assert.Equal(1, scrape.Sum(Count));
        Assert.Equal(15, scrape.Series("http_server_request_duration_seconds_bucket").Count());
    }

    [Fact]
    public async Task Views_on_the_users_own_and_opted_in_instruments_still_apply()
    {
        await using var host = await KpiTestHost.StartAsync(
            new Dictionary<string, string?> { ["KpiTelemetry:Meters:0"] = TestOrdersMeter.Name },
            services: builder => builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics
                .AddView("orders.placed", new MetricStreamConfiguration { Name = "orders.accepted" })));

        await host.Client.PostAsync("/orders", null);
        var scrape = await host.ScrapeUntilRequestCountAsync(1);

        Assert.Equal(1, scrape.Single("orders_accepted_total").Value);
        Assert.Equal(1, scrape.Sum(Count));
    }

    private static void AssertNamesTheInstruments(string instruments, InvalidOperationException error) =>
        Assert.Equal(
            $"A metric view added next to AddKpiTelemetry() gives a second stream to {instruments}, whose stream the OtelKpi "
            + "metric contract defines: OpenTelemetry would export both under the same name. Remove that view: set latency "
            + "buckets with KpiTelemetry:LatencyBuckets and the series limit with KpiTelemetry:CardinalityLimit; to export the "
            + "instrument in another shape as well, give your view's stream a Name of its own.",
            error.Message);
}
