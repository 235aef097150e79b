using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OtelKpi.Testing;
using System.Diagnostics.Metrics;

namespace OtelKpi.Tests;

/// <summary>
/// <c>http_server_active_requests</c> is counted by OtelKpi's middleware (ActiveRequestCounter), not by ASP.NET Core's
/// up-down counter; ASP.NET Core's own request-duration histogram is the oracle for the method values.
/// </summary>
public class ActiveRequestsTests
{
    private const string Active = "http_server_active_requests";
    private const string Count = "http_server_request_duration_seconds_count";

    [Fact]
    public async Task Requests_are_active_exactly_while_they_run_by_method()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await KpiTestHost.StartAsync(endpoints: app =>
            app.MapMethods("/wait", ["GET", "POST"], async () => { await release.Task; return "done"; }));

        var running = new[]
        {
            host.Client.GetAsync("/wait"), host.Client.GetAsync("/wait"), host.Client.GetAsync("/wait"), host.Client.PostAsync("/wait", null),
        };
        var during = await ScrapeUntilAsync(host, scrape => scrape.Sum(Active) == 4);

        Assert.Equal(3, ActiveOf(during, "GET"));
        Assert.Equal(1, ActiveOf(during, "POST"));
        Assert.Equal(2, during.Series(Active).Count());

        release.SetResult();
        await Task.WhenAll(running);
        var after = await host.ScrapeUntilRequestCountAsync(4);

        Assert.Equal(0, ActiveOf(after, "GET"));
        Assert.Equal(0, ActiveOf(after, "POST"));
    }

    [Fact]
    public async Task The_scrape_and_health_probes_are_not_active_requests_and_an_idle_service_reads_zero()
    {
        await using var host = await KpiTestHost.StartAsync();

        await host.Client.GetAsync("/ok");
        await host.Client.GetAsync("/health");
        await host.ScrapeUntilRequestCountAsync(1);
        var scrape = await host.ScrapeAsync();

        Assert.Equal("gauge", scrape.Types[Active]);
        var active = Assert.Single(scrape.Series(Active));
        Assert.Equal(new Dictionary<string, string> { ["http_request_method"] = "GET" }, active.Labels);
        Assert.Equal(0, active.Value);
    }

    [Fact]
    public async Task A_request_that_throws_is_counted_out()
    {
        await using var host = await KpiTestHost.StartAsync(KpiTestHost.Build(
            services: builder => builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0"),
            endpoints: app => app.Use(next => context => context.Request.Path == "/sync-throw" ? throw new InvalidOperationException("sync") : next(context))));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, (await host.Client.GetAsync("/boom")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, (await host.Client.GetAsync("/sync-throw")).StatusCode);
        var scrape = await host.ScrapeUntilRequestCountAsync(2);

        Assert.Equal(0, Assert.Single(scrape.Series(Active)).Value);
    }

    [Fact]
    public async Task Method_values_are_the_ones_ASP_NET_Core_records_on_the_request_duration()
    {
        await using var host = await KpiTestHost.StartOnKestrelAsync();
        string[] sent = ["GET", "get", "Post", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE", "QUERY", "query", "PURGE", "FOO"];

        foreach (var method in sent)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), "/ok");
            using var response = await host.Client.SendAsync(request);
        }

        var scrape = await host.ScrapeUntilRequestCountAsync(sent.Length);

        var recorded = scrape.Series(Count).Select(s => s.Label("http_request_method")!).ToHashSet();
        var active = scrape.Series(Active).ToDictionary(s => s.Label("http_request_method")!, s => s.Value);
        Assert.Equal(recorded.Order(), active.Keys.Order());
        Assert.Contains("_OTHER", active.Keys);
        Assert.DoesNotContain("get", active.Keys);
        Assert.All(active.Values, value => Assert.Equal(0, value));
    }

    [Fact]
    public async Task ASP_NET_Core_s_own_request_instruments_are_never_enabled()
    {
        var published = new List<Instrument>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                lock (published)
                {
                    published.Add(instrument);
                }
            },
        };
        listener.Start();
        await using var host = await KpiTestHost.StartAsync();
        await host.Client.GetAsync("/ok");
        await host.ScrapeUntilRequestCountAsync(1);

        var factory = host.App.Services.GetRequiredService<IMeterFactory>();
        List<Instrument> hosting;
        lock (published)
        {
            hosting = [.. published.Where(i => ReferenceEquals(i.Meter.Scope, factory) && i.Meter.Name == "Microsoft.AspNetCore.Hosting")];
        }

        Assert.Equal(
            ["http.server.active_requests", "http.server.request.duration", "otelkpi.http.server.active_requests", "otelkpi.http.server.request.duration"],
            hosting.Select(i => i.Name).Order(StringComparer.Ordinal));
        var aspNetCoreActive = Assert.Single(hosting, i => i is UpDownCounter<long> && i.Name == "http.server.active_requests");
        var aspNetCoreDuration = Assert.Single(hosting, i => i is Histogram<double> && i.Name == "http.server.request.duration");
        var otelKpiActive = Assert.Single(hosting, i => i is ObservableUpDownCounter<long> && i.Name == "otelkpi.http.server.active_requests");
        var otelKpiDuration = Assert.Single(hosting, i => i is Histogram<double> && i.Name == "otelkpi.http.server.request.duration");
        Assert.False(aspNetCoreActive.Enabled);
        Assert.False(aspNetCoreDuration.Enabled);
        Assert.True(otelKpiActive.Enabled);
        Assert.True(otelKpiDuration.Enabled);
        Assert.Equal(("{request}", "Number of active HTTP server requests."), (otelKpiActive.Unit, otelKpiActive.Description));
        Assert.Equal((aspNetCoreActive.Unit, aspNetCoreActive.Description), (otelKpiActive.Unit, otelKpiActive.Description));
        Assert.Equal(("s", "Duration of HTTP server requests."), (otelKpiDuration.Unit, otelKpiDuration.Description));
        Assert.Equal((aspNetCoreDuration.Unit, aspNetCoreDuration.Description), (otelKpiDuration.Unit, otelKpiDuration.Description));
    }

    private static double ActiveOf(PrometheusScrape scrape, string method) =>
        scrape.Series(Active).Single(s => s.Label("http_request_method") == method).Value;

    private static async Task<PrometheusScrape> ScrapeUntilAsync(KpiTestHost host, Func<PrometheusScrape, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var scrape = await host.ScrapeAsync();
            if (done(scrape) || DateTime.UtcNow > deadline)
            {
                return scrape;
            }

            await Task.Delay(20);
        }
    }
}
