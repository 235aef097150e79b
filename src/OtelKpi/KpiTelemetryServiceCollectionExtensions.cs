using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OtelKpi;
using OtelKpi.Internal;
using OtelKpi.Internal.Exposition;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers OtelKpi: the KPI metric contract of an ASP.NET Core service on OpenTelemetry.
/// </summary>
public static class KpiTelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Adds the KPI metrics (HTTP request duration and active requests, process, container and host
    /// resources) with the Prometheus scrape endpoint, and OTLP export when enabled. Options are bound from
    /// the <c>KpiTelemetry</c> configuration section and validated when the host starts. Calling it again
    /// changes nothing.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddKpiTelemetry(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        if (!services.Any(d => d.ServiceType == typeof(KpiTelemetryMarker)))
        {
            RegisterOnce(services);
        }

        return services;
    }

    /// <summary>
    /// Adds the KPI metrics as <see cref="AddKpiTelemetry(IServiceCollection)"/> does, then applies
    /// <paramref name="configure"/> after the <c>KpiTelemetry</c> configuration section. Calling it again only
    /// applies the extra configuration.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Code configuration, applied after the configuration section.</param>
    /// <returns>The same service collection, for chaining.</returns>
    public static IServiceCollection AddKpiTelemetry(this IServiceCollection services, Action<KpiTelemetryOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);

        services.AddKpiTelemetry();
        services.Configure(configure);
        return services;
    }

    private static void RegisterOnce(IServiceCollection services)
    {
        services.AddSingleton<KpiTelemetryMarker>();
        services.AddSingleton(sp => new KpiStartupFailures(sp.GetService<ILoggerFactory>(), sp.GetServices<ILoggerProvider>()));

        services.AddOptions<KpiTelemetryOptions>().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<KpiTelemetryOptions>>(sp => new KpiTelemetryConfigurationBinder(sp.GetService<IConfiguration>()));
        services.AddSingleton<IValidateOptions<KpiTelemetryOptions>>(sp => new KpiTelemetryOptionsValidator(
            sp.GetService<IConfiguration>(),
            sp.GetRequiredService<KpiStartupFailures>()));

        services.AddSingleton(sp => new ScrapeCollector(sp.GetRequiredService<IOptions<KpiTelemetryOptions>>().Value.Scrape.ResponseCacheMilliseconds));
        services.AddSingleton(sp => new ScrapeEndpoint(
            sp.GetRequiredService<ScrapeCollector>(),
            new ScrapeFailureLog(KpiLog.CreateLogger(sp.GetService<ILoggerFactory>()), sp.GetService<TimeProvider>() ?? TimeProvider.System)));

        services.AddMetrics();
        services.AddSingleton<ActiveRequestCounter>();
        services.AddSingleton<RequestDurationRecorder>();
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
                // ASP.NET Core's hosting meter only, not AddAspNetCoreInstrumentation(): on ASP.NET Core 10 that also adds
                // a middleware of its own to every request, only to put error.type on 5xx responses, which
                // RequestDurationRecorder settles (ErrorTypeTag). The other ASP.NET Core meters are opt-in.
                .AddMeter(KpiInstrumentNames.HostingMeter)
                .AddProcessInstrumentation()
                .AddMeter(KpiInstrumentNames.ProcessMeter)
                .AddInstrumentation(() => new KpiProcessMeter())
                .AddReader(sp => sp.GetRequiredService<ScrapeCollector>().CreateReader()));

        services.ConfigureOpenTelemetryMeterProvider(KpiMeterProviderConfigurator.Configure);
    }
}
