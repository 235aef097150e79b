using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OtelKpi.Testing;
using System.Globalization;

namespace OtelKpi.Tests.Apps;

/// <summary>
/// An application shaped the way a user writes one (error pages, MVC, health checks, WebSockets), with
/// <c>AddKpiTelemetry()</c> and <c>MapKpiMetrics()</c> and nothing else of the test's: unlike
/// <see cref="KpiTestHost"/> it maps no endpoints of its own and lets the test choose the environment
/// (Development adds ASP.NET Core's developer exception page) and the server (TestServer or loopback Kestrel).
/// </summary>
internal static class AttributionApp
{
    public const string RequestCount = "http_server_request_duration_seconds_count";

    public static async Task<KpiTestHost> StartAsync(
        Action<WebApplication> pipeline,
        Action<WebApplicationBuilder>? services = null,
        string environment = "Production",
        bool kestrel = false,
        string? contentRoot = null,
        Action<WebApplicationBuilder>? servicesBeforeKpiTelemetry = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // MVC discovers controllers in the application's assembly: these tests' own.
            ApplicationName = typeof(AttributionApp).Assembly.GetName().Name,
            EnvironmentName = environment,
            ContentRootPath = contentRoot ?? AppContext.BaseDirectory,
            WebRootPath = contentRoot is null ? null : Path.Combine(contentRoot, "wwwroot"),
        });
        if (kestrel)
        {
            builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        builder.Logging.ClearProviders();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        servicesBeforeKpiTelemetry?.Invoke(builder);
        builder.Services.AddKpiTelemetry();
        services?.Invoke(builder);

        var app = builder.Build();
        app.MapKpiMetrics();
        pipeline(app);
        try
        {
            return await KpiTestHost.StartAsync(app);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Asserts the complete set of request-count series: each written <c>name=value,... = count</c> with the labels
    /// in name order, such as <c>http_request_method=GET,http_response_status_code=200,http_route=/ok = 1</c>.
    /// </summary>
    public static void AssertCounted(PrometheusScrape scrape, params string[] expected)
    {
        var wanted = expected.Order(StringComparer.Ordinal).ToList();
        var counted = scrape.Series(RequestCount)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{Describe(s.Labels)} = {s.Value}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(
            wanted.SequenceEqual(counted),
            $"Expected these request series:\n  {string.Join("\n  ", wanted)}\nThe scrape has:\n  {string.Join("\n  ", counted)}");
    }

    /// <summary>A label set written as <c>name=value</c> pairs in name order, such as the assertions spell them.</summary>
    public static string Describe(IReadOnlyDictionary<string, string> labels) =>
        string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));

    /// <summary>
    /// Scrapes until <paramref name="expected"/> requests are counted, then once more a moment later so that a
    /// request counted late (or twice) would show.
    /// </summary>
    public static async Task<PrometheusScrape> SettledScrapeAsync(this KpiTestHost host, double expected)
    {
        await host.ScrapeUntilRequestCountAsync(expected);
        await Task.Delay(150);
        return await host.ScrapeAsync();
    }
}
