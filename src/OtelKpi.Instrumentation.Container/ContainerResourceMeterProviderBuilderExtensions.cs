using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OtelKpi.Instrumentation.Container;
using OtelKpi.Instrumentation.Container.Internal;

namespace OpenTelemetry.Metrics;

/// <summary>
/// Registers the container and host resource metrics on a <see cref="MeterProviderBuilder"/>.
/// </summary>
public static class ContainerResourceMeterProviderBuilderExtensions
{
    /// <summary>
    /// Adds CPU, memory, block I/O, filesystem and network metrics for the container (cgroup v1
    /// or v2) or host the process runs in. Usage series are exported only for the process's own
    /// cgroup and network namespace, never for the whole machine or a group shared with unrelated
    /// processes; limits always (the machine's when none is set). What is exported and why is logged
    /// once at start-up under the category <c>OtelKpi.Instrumentation.Container</c>; reading never
    /// throws from a collection.
    /// </summary>
    /// <param name="builder">The meter provider builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static MeterProviderBuilder AddContainerResourceInstrumentation(this MeterProviderBuilder builder) =>
        AddContainerResourceInstrumentation(builder, static _ => { });

    /// <summary>
    /// Adds the container and host resource metrics, as <see cref="AddContainerResourceInstrumentation(MeterProviderBuilder)"/>
    /// does, with options adjusted by <paramref name="configure"/>.
    /// </summary>
    /// <param name="builder">The meter provider builder.</param>
    /// <param name="configure">Adjusts the options.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static MeterProviderBuilder AddContainerResourceInstrumentation(
        this MeterProviderBuilder builder,
        Action<ContainerResourceInstrumentationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        var options = new ContainerResourceInstrumentationOptions();
        configure(options);

        builder.AddMeter(ContainerResourceMeter.MeterName);
        return builder.AddInstrumentation(services => new ContainerResourceMeter(ResourceSampler.Create(
            options,
            services.GetService<ILoggerFactory>()?.CreateLogger(ContainerLog.CategoryName),
            services.GetService<TimeProvider>())));
    }
}
