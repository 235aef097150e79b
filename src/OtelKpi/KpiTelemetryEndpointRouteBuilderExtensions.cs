using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OtelKpi;
using OtelKpi.Internal;
using OtelKpi.Internal.Exposition;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Maps the Prometheus scrape endpoint of OtelKpi.
/// </summary>
public static class KpiTelemetryEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the scrape endpoint (<c>KpiTelemetry:Scrape:Path</c>, default <c>/metrics</c>) on the application's
    /// pipeline, restricted to <c>KpiTelemetry:Scrape:Hosts</c> when set, and excluded from HTTP metrics.
    /// When <c>KpiTelemetry:Scrape:Port</c> is set, the endpoint is served by its own listener instead and this
    /// maps nothing, so it is never reachable through the application's port; conventions added to the
    /// returned builder (such as <c>RequireAuthorization()</c>) then do not apply, and a warning is logged.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder, such as a <c>WebApplication</c>.</param>
    /// <returns>A builder for further conventions, such as <c>RequireAuthorization()</c>.</returns>
    /// <exception cref="InvalidOperationException"><c>AddKpiTelemetry()</c> was not called.</exception>
    public static IEndpointConventionBuilder MapKpiMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        if (endpoints.ServiceProvider.GetService<KpiTelemetryMarker>() is null)
        {
            throw new InvalidOperationException(
                "MapKpiMetrics() needs AddKpiTelemetry(): call builder.Services.AddKpiTelemetry() before building the application.");
        }

        KpiScrapeOptions scrape;
        try
        {
            scrape = endpoints.ServiceProvider.GetRequiredService<IOptions<KpiTelemetryOptions>>().Value.Scrape;
        }
        catch (OptionsValidationException)
        {
            // Already logged, naming the key. Start-up fails where the host reports it (app.Run()), not here.
            return new NoEndpoint(null);
        }

        if (!scrape.Enabled)
        {
            return new NoEndpoint(null);
        }

        if (scrape.Port is not null)
        {
            return new NoEndpoint(KpiLog.CreateLogger(endpoints.ServiceProvider.GetService<ILoggerFactory>()));
        }

        _ = endpoints.ServiceProvider.GetRequiredService<MeterProvider>(); // builds the provider, and with it the scrape reader
        var scrapeEndpoint = endpoints.ServiceProvider.GetRequiredService<ScrapeEndpoint>();
        var endpoint = endpoints.Map(scrape.Path, scrapeEndpoint.HandleAsync).DisableHttpMetrics();
        if (scrape.Hosts.Count > 0)
        {
            endpoint.RequireHost([.. scrape.Hosts]);
        }

        return endpoint;
    }

    /// <summary>What MapKpiMetrics() returns when it maps nothing on the application's pipeline.</summary>
    private sealed class NoEndpoint(ILogger? logger) : IEndpointConventionBuilder
    {
        private bool warned;

        public void Add(Action<EndpointBuilder> convention)
        {
            if (!this.warned && logger is not null)
            {
                this.warned = true;
                KpiLog.ScrapeConventionsIgnored(logger);
            }
        }
    }
}
