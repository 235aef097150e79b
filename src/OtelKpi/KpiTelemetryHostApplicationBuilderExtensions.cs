using Microsoft.Extensions.DependencyInjection;
using OtelKpi;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Registers OtelKpi on a host application builder.
/// </summary>
public static class KpiTelemetryHostApplicationBuilderExtensions
{
    /// <summary>
    /// Adds the KPI metrics, with options bound from the builder's <c>KpiTelemetry</c> configuration
    /// section (appsettings.json, <c>KpiTelemetry__*</c> environment variables, command line).
    /// </summary>
    /// <param name="builder">The host application builder, such as a <c>WebApplicationBuilder</c>.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IHostApplicationBuilder AddKpiTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddKpiTelemetry();
        return builder;
    }

    /// <summary>
    /// Adds the KPI metrics, with options bound from the builder's <c>KpiTelemetry</c> configuration
    /// section and then adjusted by <paramref name="configure"/>.
    /// </summary>
    /// <param name="builder">The host application builder, such as a <c>WebApplicationBuilder</c>.</param>
    /// <param name="configure">Code configuration, applied after the configuration section.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IHostApplicationBuilder AddKpiTelemetry(this IHostApplicationBuilder builder, Action<KpiTelemetryOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddKpiTelemetry(configure);
        return builder;
    }
}
