using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static OtelKpi.Tests.Apps.AttributionApp;

namespace OtelKpi.Tests;

/// <summary>
/// What <c>http_route</c> is for each way ASP.NET Core routes a request (docs/metrics.md, "Notes on the labels"),
/// and which requests are not counted: the complete set of request series of a real scrape each time.
/// </summary>
public class RouteFormTests
{
    private const string Get = "http_request_method=GET";

    [Fact]
    public async Task MVC_attribute_routes_are_the_template_without_a_leading_slash_and_conventional_routes_the_route_pattern()
    {
        await using var host = await StartAsync(
            app =>
            {
                app.MapControllers();
                app.MapControllerRoute("default", "{controller=Home}/{action=Index}/{id?}");
            },
            services: builder => builder.Services.AddControllersWithViews());

        await host.Client.GetAsync("/api/Orders/1");
        await host.Client.GetAsync("/api/orders/2");
        await host.Client.GetAsync("/api/Orders/101");
        await host.Client.GetAsync("/");
        await host.Client.GetAsync("/Home/Privacy/3");
        await host.Client.GetAsync("/Home/Privacy");
        var scrape = await host.SettledScrapeAsync(6);

        AssertCounted(
            scrape,
            $"{Get},http_response_status_code=200,http_route=api/Orders/{{id:int}} = 2",
            $"{Get},http_response_status_code=404,http_route=api/Orders/{{id:int}} = 1",
            // Every action reached through a conventional route shares its pattern: one series per pattern, not per action.
            $"{Get},http_response_status_code=200,http_route={{controller=Home}}/{{action=Index}}/{{id?}} = 3");
    }

    [Fact]
    public async Task Minimal_API_groups_are_the_full_template_with_the_group_prefix()
    {
        await using var host = await StartAsync(app =>
        {
            var api = app.MapGroup("/api");
            var v1 = api.MapGroup("v1/customers");
            v1.MapGet("/{id:guid}", (Guid id) => id);
            v1.MapGet("/", () => "all");
            api.MapGet("", () => "root");
        });

        await host.Client.GetAsync($"/api/v1/customers/{Guid.NewGuid()}");
        await host.Client.GetAsync($"/api/v1/customers/{Guid.NewGuid()}");
        await host.Client.GetAsync("/api/v1/customers/");
        await host.Client.GetAsync("/api");
        var scrape = await host.SettledScrapeAsync(4);

        AssertCounted(
            scrape,
            $"{Get},http_response_status_code=200,http_route=/api/v1/customers/{{id:guid}} = 2",
            $"{Get},http_response_status_code=200,http_route=/api/v1/customers/ = 1",
            $"{Get},http_response_status_code=200,http_route=/api/ = 1");
    }

    [Fact]
    public async Task Static_files_are_counted_without_a_route_so_each_file_adds_no_series()
    {
        var contentRoot = Directory.CreateTempSubdirectory("otelkpi-static-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(contentRoot, "wwwroot", "css"));
            await File.WriteAllTextAsync(Path.Combine(contentRoot, "wwwroot", "css", "site.css"), "body { }");
            await File.WriteAllTextAsync(Path.Combine(contentRoot, "wwwroot", "app.js"), "let x;");
            await using var host = await StartAsync(
                app =>
                {
                    app.UseStaticFiles();
                    app.MapGet("/ok", () => "ok");
                },
                contentRoot: contentRoot);

            Assert.Equal("body { }", await host.Client.GetStringAsync("/css/site.css"));
            await host.Client.GetStringAsync("/app.js");
            await host.Client.GetAsync("/ok");
            var scrape = await host.SettledScrapeAsync(3);

            AssertCounted(
                scrape,
                $"{Get},http_response_status_code=200 = 2",
                $"{Get},http_response_status_code=200,http_route=/ok = 1");
        }
        finally
        {
            Directory.Delete(contentRoot, recursive: true);
        }
    }

    [Fact]
    public async Task Health_check_endpoints_are_not_counted_whatever_their_path()
    {
        await using var host = await StartAsync(
            app =>
            {
                app.MapHealthChecks("/hc");
                app.MapHealthChecks("/probes/{kind}");
                app.MapGroup("/ops").MapHealthChecks("/status");
                app.MapGet("/hcx", () => "not a health check");
            },
            services: builder => builder.Services.AddHealthChecks());

        Assert.Equal("Healthy", await host.Client.GetStringAsync("/hc"));
        await host.Client.GetStringAsync("/probes/startup");
        await host.Client.GetStringAsync("/ops/status");
        await host.Client.GetAsync("/hcx");
        var scrape = await host.SettledScrapeAsync(1);

        AssertCounted(scrape, $"{Get},http_response_status_code=200,http_route=/hcx = 1");
    }

    [Fact]
    public async Task A_failing_health_check_is_not_counted_either()
    {
        await using var host = await StartAsync(
            app =>
            {
                app.MapHealthChecks("/hc");
                app.MapGet("/ok", () => "ok");
            },
            services: builder => builder.Services.AddHealthChecks()
                .AddCheck("database", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("down")));

        Assert.Equal(503, (int)(await host.Client.GetAsync("/hc")).StatusCode);
        await host.Client.GetAsync("/ok");
        var scrape = await host.SettledScrapeAsync(1);

        AssertCounted(scrape, $"{Get},http_response_status_code=200,http_route=/ok = 1");
    }

    [Fact]
    public async Task The_health_check_middleware_form_is_excluded_by_listing_its_path()
    {
        await using var host = await StartAsync(
            app =>
            {
                app.UseHealthChecks("/hc");
                app.MapGet("/ok", () => "ok");
            },
            services: builder =>
            {
                builder.Services.AddHealthChecks();
                builder.Services.AddKpiTelemetry(options => options.ExcludedPaths = ["/hc"]);
            });

        Assert.Equal("Healthy", await host.Client.GetStringAsync("/hc"));
        await host.Client.GetAsync("/ok");
        var scrape = await host.SettledScrapeAsync(1);

        AssertCounted(scrape, $"{Get},http_response_status_code=200,http_route=/ok = 1");
    }
}
