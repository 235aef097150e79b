using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OtelKpi.Testing;
using OpenTelemetry.Metrics;

namespace OtelKpi.Tests;

public class RegistrationTests
{
    private const string Count = "http_server_request_duration_seconds_count";

    [Fact]
    public async Task Calling_AddKpiTelemetry_twice_neither_throws_nor_double_counts_and_keeps_both_configurations()
    {
        await using var host = await KpiTestHost.StartAsync(
            configure: o => o.ServiceName = "first",
            services: builder => builder.Services.AddKpiTelemetry(o => o.Meters.Add(TestOrdersMeter.Name)));

        await host.Client.GetAsync("/ok");
        await host.Client.PostAsync("/orders", null);
        var scrape = await host.ScrapeUntilRequestCountAsync(2);

        Assert.Equal(2, scrape.Sum(Count));
        Assert.Single(scrape.Series(Count), s => s.Label("http_route") == "/ok");
        Assert.Equal(1, scrape.Single("orders_placed_total").Value);
        Assert.Equal("first", scrape.Single("target_info").Label("service_name"));
        Assert.Single(scrape.Series("process_cpu_seconds_total"));
        Assert.Single(scrape.Series("otelkpi_container_cpu_limit_cores"));
    }

    [Fact]
    public void The_only_middleware_AddKpiTelemetry_puts_on_every_request_is_its_own()
    {
        // OpenTelemetry's AddAspNetCoreInstrumentation() would add one of its own (for error.type on 5xx), a second
        // middleware on every request; OtelKpi's settles error.type itself.
        var services = new ServiceCollection().AddKpiTelemetry();

        using var provider = services.BuildServiceProvider();
        var filter = Assert.Single(provider.GetServices<IStartupFilter>());
        Assert.Equal("OtelKpi.Internal.RequestMetricsStartupFilter", filter.GetType().FullName);
    }

    [Fact]
    public async Task Next_to_the_users_own_OpenTelemetry_metrics_set_up_nothing_is_doubled()
    {
        await using var host = await KpiTestHost.StartAsync(
            services: builder => builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddProcessInstrumentation()
                .AddMeter(TestOrdersMeter.Name)));

        await host.Client.GetAsync("/ok");
        await host.Client.PostAsync("/orders", null);
        await host.Client.PostAsync("/orders", null);
        var scrape = await host.ScrapeUntilRequestCountAsync(3);
        await Task.Delay(200);
        scrape = await host.ScrapeAsync();

        Assert.Equal(3, scrape.Sum(Count));
        Assert.Equal(2, scrape.Single("orders_placed_total").Value);
        Assert.Single(scrape.Series("process_cpu_seconds_total"));
        Assert.Single(scrape.Series("process_resident_memory_bytes"));
        Assert.Equal(scrape.Types.Count, scrape.Text.Split('\n').Count(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_view_the_user_adds_on_their_own_meter_applies_once()
    {
        await using var host = await KpiTestHost.StartAsync(
            new Dictionary<string, string?> { ["KpiTelemetry:Meters:0"] = TestOrdersMeter.Name },
            services: builder => builder.Services.ConfigureOpenTelemetryMeterProvider(metrics =>
                metrics.AddView("orders.placed", new MetricStreamConfiguration { Name = "orders.accepted" })));

        await host.Client.PostAsync("/orders", null);
        var scrape = await host.ScrapeUntilRequestCountAsync(1);

        Assert.Equal(1, scrape.Single("orders_accepted_total").Value);
        Assert.DoesNotContain("orders_placed_total", scrape.Names);
        Assert.Single(scrape.Text.Split('\n'), l => l.StartsWith("orders_accepted_total", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_meter_from_IMeterFactory_appears_when_listed_and_not_otherwise()
    {
        await using (var listed = await KpiTestHost.StartAsync(
            new Dictionary<string, string?> { ["KpiTelemetry:Meters:0"] = TestOrdersMeter.Name }))
        {
            await listed.Client.PostAsync("/orders", null);
            var scrape = await listed.ScrapeUntilRequestCountAsync(1);

            Assert.Equal("counter", scrape.Types["orders_placed_total"]);
            Assert.Equal(1, scrape.Single("orders_placed_total").Value);
        }

        await using var unlisted = await KpiTestHost.StartAsync();
        await unlisted.Client.PostAsync("/orders", null);
        var unlistedScrape = await unlisted.ScrapeUntilRequestCountAsync(1);

        Assert.DoesNotContain("orders_placed_total", unlistedScrape.Names);
    }

    [Fact]
    public async Task Built_in_meters_are_off_by_default_and_can_be_opted_in()
    {
        await using (var defaults = await KpiTestHost.StartAsync())
        {
            var scrape = await defaults.ScrapeAsync();

            Assert.DoesNotContain(scrape.Names, n => n.StartsWith("kestrel_", StringComparison.Ordinal) || n.StartsWith("aspnetcore_", StringComparison.Ordinal) || n.StartsWith("dotnet_", StringComparison.Ordinal));
            Assert.DoesNotContain("process_thread_count", scrape.Names);
            Assert.DoesNotContain(scrape.Samples, s => s.Labels.Keys.Any(k => k.StartsWith("otel_scope_", StringComparison.Ordinal)));
        }

        await using var optedIn = await KpiTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["KpiTelemetry:Meters:0"] = "System.Runtime",
            ["KpiTelemetry:Meters:1"] = "Microsoft.AspNetCore.Routing",
        });
        await optedIn.Client.GetAsync("/ok");
        var withRuntime = await optedIn.ScrapeUntilRequestCountAsync(1);

        Assert.Contains("dotnet_gc_collections_total", withRuntime.Names);
        Assert.Contains("aspnetcore_routing_match_attempts_total", withRuntime.Names);
        Assert.DoesNotContain(withRuntime.Names, n => n.StartsWith("kestrel_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Built_in_meters_can_be_opted_in_with_a_wildcard()
    {
        await using var host = await KpiTestHost.StartOnKestrelAsync(new Dictionary<string, string?> { ["KpiTelemetry:Meters:0"] = "microsoft.aspnetcore.server.*" });
        await host.Client.GetAsync("/ok");
        var scrape = await host.ScrapeUntilRequestCountAsync(1);

        Assert.Contains("kestrel_active_connections", scrape.Names);
        Assert.DoesNotContain(scrape.Names, n => n.StartsWith("aspnetcore_routing_", StringComparison.Ordinal));
        Assert.Equal(1, scrape.Sum("http_server_request_duration_seconds_count"));
    }

    [Fact]
    public async Task Process_and_resource_metrics_can_be_switched_off()
    {
        await using var host = await KpiTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["KpiTelemetry:Resources:Enabled"] = "false",
            ["KpiTelemetry:Resources:ProcessEnabled"] = "false",
        });

        var scrape = await host.ScrapeAsync();

        Assert.DoesNotContain(scrape.Names, n => n.StartsWith("process_", StringComparison.Ordinal) || n.StartsWith("otelkpi_", StringComparison.Ordinal));
        Assert.Contains("target_info", scrape.Names);
    }

    [Fact]
    public async Task The_host_builder_overloads_register_the_same_metrics_and_apply_code_configuration()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "host-builder-app" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.Sources.Clear();
        builder.AddKpiTelemetry();
        builder.AddKpiTelemetry(o => o.ServiceName = "from-code");
        await using var app = builder.Build();
        app.MapKpiMetrics();
        app.MapGet("/ok", () => "ok");
        await app.StartAsync();
        using var client = app.GetTestClient();

        await client.GetAsync(new Uri("/ok", UriKind.Relative));
        var scrape = await client.ScrapeUntilRequestCountAsync(1);

        Assert.Equal("from-code", scrape.Single("target_info").Label("service_name"));
        Assert.Equal(1, scrape.Sum(Count));
    }

    [Fact]
    public void The_configure_overloads_reject_a_null_delegate()
    {
        Assert.Throws<ArgumentNullException>("configure", () => new ServiceCollection().AddKpiTelemetry(null!));
        Assert.Throws<ArgumentNullException>("configure", () => WebApplication.CreateBuilder().AddKpiTelemetry(null!));
        Assert.Throws<ArgumentNullException>("services", () => ((IServiceCollection)null!).AddKpiTelemetry());
    }

    [Fact]
    public void MapKpiMetrics_without_AddKpiTelemetry_explains_what_is_missing()
    {
        var builder = WebApplication.CreateBuilder();
        var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapKpiMetrics());

        Assert.Equal("MapKpiMetrics() needs AddKpiTelemetry(): call builder.Services.AddKpiTelemetry() before building the application.", error.Message);
    }
}
