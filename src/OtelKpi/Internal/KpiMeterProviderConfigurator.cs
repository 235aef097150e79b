using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using System.Diagnostics.Metrics;

namespace OtelKpi.Internal;

/// <summary>
/// The part of the meter provider set-up that depends on validated options, applied when the
/// provider is built: views, opted-in meters, resource metrics and the optional OTLP reader.
/// </summary>
internal static class KpiMeterProviderConfigurator
{
    public static void Configure(IServiceProvider services, MeterProviderBuilder builder)
    {
        var options = services.GetRequiredService<IOptions<KpiTelemetryOptions>>().Value;
        var configuration = services.GetService<IConfiguration>();

        builder.AddView(new KpiStreamPolicy(options, services.GetService<IMeterFactory>(), services.GetService<ContractStreamGuard>()).StreamFor);

        foreach (var meter in options.Meters)
        {
            builder.AddMeter(meter);
        }

        if (options.Resources.Enabled)
        {
            var contentRoot = services.GetService<IHostEnvironment>()?.ContentRootPath;
            builder.AddContainerResourceInstrumentation(o => o.FilesystemPath = options.Resources.FilesystemPath ?? contentRoot);
        }

        if (options.Otlp.Enabled)
        {
            builder.AddReader(CreateOtlpReader(options.Otlp, configuration));
        }
    }

    private static PeriodicExportingMetricReader CreateOtlpReader(KpiOtlpOptions options, IConfiguration? configuration)
    {
        // Export runs on the reader's own thread with a bounded timeout: an unreachable collector
        // delays only the next export, never a request.
        var exporter = new OtlpMetricExporter(OtlpSettings.CreateExporterOptions(options, configuration));
        return new PeriodicExportingMetricReader(exporter, options.ExportIntervalMilliseconds, options.TimeoutMilliseconds)
        {
            TemporalityPreference = MetricReaderTemporalityPreference.Cumulative,
        };
    }
}
