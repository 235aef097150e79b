using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
            var logger = KpiLog.CreateLogger(services.GetService<ILoggerFactory>());
            var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
#pragma warning disable CA2000 // The meter provider owns the reader and disposes it.
            builder.AddReader(CreateOtlpReader(options.Otlp, configuration, logger, time));
#pragma warning restore CA2000
        }
    }

    private static OtlpExportingMetricReader CreateOtlpReader(KpiOtlpOptions options, IConfiguration? configuration, ILogger logger, TimeProvider time)
    {
        // Export runs on the reader's own thread with a bounded timeout: an unreachable collector
        // delays only the next export, never a request.
        var exporterOptions = OtlpSettings.CreateExporterOptions(options, configuration);
        var protocol = exporterOptions.Protocol == OtlpExportProtocol.Grpc ? KpiOtlpOptions.GrpcProtocol : KpiOtlpOptions.HttpProtobufProtocol;
        KpiLog.OtlpExportStarted(logger, protocol, exporterOptions.Endpoint, options.ExportIntervalMilliseconds, options.TimeoutMilliseconds);

        var health = new OtlpExportHealth(logger, time, exporterOptions.Endpoint, options.TimeoutMilliseconds);
#pragma warning disable CA2000 // The reader owns the exporter, and the meter provider owns (and disposes) the reader.
        return new OtlpExportingMetricReader(new OtlpMetricExporter(exporterOptions), options.ExportIntervalMilliseconds, options.TimeoutMilliseconds, health)
#pragma warning restore CA2000
        {
            TemporalityPreference = MetricReaderTemporalityPreference.Cumulative,
        };
    }
}
