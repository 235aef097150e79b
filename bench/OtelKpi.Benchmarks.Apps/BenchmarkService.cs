using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace OtelKpi.Benchmarks.Apps;

/// <summary>
/// Builds the service under test: the same minimal endpoint with no metrics, with OtelKpi, or with
/// prometheus-net, each set up the way its documentation tells a user to. prometheus-net keeps its state in
/// static fields, so a process must host at most one prometheus-net service for its figures to mean anything.
/// </summary>
public static class BenchmarkService
{
    /// <summary>The route template of the endpoint the per-request and load benchmarks call.</summary>
    public const string ItemRoute = "/api/items/{id:int}";

    /// <summary>A path that matches <see cref="ItemRoute"/>.</summary>
    public const string ItemPath = "/api/items/42";

    /// <summary>The scrape path of both metric libraries.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Gets how many prometheus-net services this process has built. From the second on, prometheus-net's
    /// static registry also holds the earlier services' series (BenchmarkDotNet's in-process smoke runs).
    /// </summary>
    public static int PrometheusNetServicesBuilt { get; private set; }

    /// <summary>
    /// Builds, without starting, the service for <paramref name="variant"/>. Logging is off and configuration
    /// comes only from <paramref name="configureHost"/>, so environment variables cannot change what is measured.
    /// </summary>
    /// <param name="variant">The metric set-up.</param>
    /// <param name="configureHost">Chooses the server (Kestrel and its URL, or <see cref="InProcessServer"/>).</param>
    /// <param name="series">When set, also maps the routes of this plan (see <see cref="SeriesPlan"/>).</param>
    /// <returns>The application.</returns>
    public static WebApplication Build(ServiceVariant variant, Action<WebApplicationBuilder>? configureHost = null, SeriesPlan? series = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "otelkpi-bench", EnvironmentName = "Production" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(); // where settings such as UseUrls() land
        builder.Logging.ClearProviders();
        configureHost?.Invoke(builder);

        if (variant == ServiceVariant.OtelKpi)
        {
            builder.Services.AddKpiTelemetry(options =>
            {
                options.ServiceName = "otelkpi-bench";
                // A user who wants more series than the default limit must raise it the same way.
                options.CardinalityLimit = Math.Max(options.CardinalityLimit, series?.SeriesCount ?? 0);
            });
        }

        if (variant is ServiceVariant.PrometheusNet or ServiceVariant.PrometheusNetHttpOnly)
        {
            PrometheusNetServicesBuilt++;
        }

        if (variant == ServiceVariant.PrometheusNetHttpOnly)
        {
            // Takes effect only before the default registry's first collection: one such service per process.
            Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressMeters = true, SuppressEventCounters = true });
        }

        var app = builder.Build();
        switch (variant)
        {
            case ServiceVariant.OtelKpi:
                app.MapKpiMetrics();
                break;
            case ServiceVariant.PrometheusNet or ServiceVariant.PrometheusNetHttpOnly:
                app.UseRouting();
                app.UseHttpMetrics();
                app.MapMetrics(MetricsPath);
                break;
        }

        app.MapGet(ItemRoute, static (int id) => id);
        for (var route = 0; route < (series?.Routes ?? 0); route++)
        {
            app.MapGet(SeriesPlan.RouteTemplate(route), static (int code) => Results.StatusCode(code));
        }

        return app;
    }

    /// <summary>Builds the service on an <see cref="InProcessServer"/> and starts it.</summary>
    /// <param name="variant">The metric set-up.</param>
    /// <param name="series">When set, also maps the routes of this plan.</param>
    /// <returns>The started application and its server.</returns>
    public static async Task<(WebApplication App, InProcessServer Server)> StartInProcessAsync(ServiceVariant variant, SeriesPlan? series = null)
    {
        var server = new InProcessServer();
        var app = Build(variant, builder => builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.Server.IServer>(server), series);
        await app.StartAsync().ConfigureAwait(false);
        return (app, server);
    }
}
