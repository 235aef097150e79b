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
    /// <param name="configure">Optional callback to adjust the options.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static MeterProviderBuilder AddContainerResourceInstrumentation(
        this MeterProviderBuilder builder,
        Action<ContainerResourceInstrumentationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var options = new ContainerResourceInstrumentationOptions();
        configure?.Invoke(options);

        builder.AddMeter(ContainerResourceMeter.MeterName);
        return builder.AddInstrumentation(() => new ContainerResourceMeter(ResourceSampler.Create(options)));
    }
}
