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
    /// or v2) or host the process runs in. Metrics whose source is unavailable are omitted;
    /// reading never throws from a collection.
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
        return builder.AddInstrumentation(() => new ContainerResourceMeter(ResourceSampler.Create(options)));
    }
}
