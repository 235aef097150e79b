using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OtelKpi;
using OtelKpi.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers OtelKpi: the KPI metric contract of an ASP.NET Core service on OpenTelemetry.
/// </summary>
public static class KpiTelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Adds the KPI metrics (HTTP request duration and active requests, process, container and host
    /// resources) with the Prometheus exporter, and OTLP export when enabled. Options are bound from
    /// the <c>KpiTelemetry</c> configuration section, then <paramref name="configure"/> runs; they are
    /// validated when the host starts. Calling it again only applies the extra configuration.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional code configuration, applied after the configuration section.</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddKpiTelemetry(this IServiceCollection services, Action<KpiTelemetryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        if (!services.Any(d => d.ServiceType == typeof(KpiTelemetryMarker)))
        {
            RegisterOnce(services);
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return services;
    }

    private static void RegisterOnce(IServiceCollection services)
    {
        services.AddSingleton<KpiTelemetryMarker>();

        services.AddOptions<KpiTelemetryOptions>().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<KpiTelemetryOptions>>(sp => new KpiTelemetryConfigurationBinder(sp.GetService<IConfiguration>()));
        services.AddSingleton<IValidateOptions<KpiTelemetryOptions>>(sp => new KpiTelemetryOptionsValidator(sp.GetService<IConfiguration>()));

        services.AddOptions<PrometheusAspNetCoreOptions>().Configure<IOptions<KpiTelemetryOptions>>((exporter, kpi) =>
        {
            exporter.ScrapeEndpointPath = kpi.Value.Scrape.Path;
            exporter.ScrapeResponseCacheDurationMilliseconds = kpi.Value.Scrape.ResponseCacheMilliseconds;
            exporter.ScopeInfoEnabled = false; // keeps otel_scope_* labels off every series
        });

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, RequestMetricsStartupFilter>());
        services.AddHostedService<DedicatedScrapeListener>();
        services.AddHostedService<LatencyBucketCheck>();
        services.AddSingleton<ContractStreamGuard>();
        services.AddHostedService<ContractStreamCheck>();

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddDetector(sp => new KpiResourceDetector(
                sp.GetRequiredService<IOptions<KpiTelemetryOptions>>().Value,
                sp.GetService<IConfiguration>(),
                sp.GetService<IHostEnvironment>())))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddProcessInstrumentation()
                .AddMeter(KpiInstrumentNames.ProcessMeter)
                .AddInstrumentation(() => new KpiProcessMeter())
                .AddPrometheusExporter());

        services.ConfigureOpenTelemetryMeterProvider(KpiMeterProviderConfigurator.Configure);
    }
}
