using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace OtelKpi.Internal;

/// <summary>Turns <see cref="KpiOtlpOptions"/> plus the OTEL_EXPORTER_OTLP_* variables into exporter options.</summary>
internal static class OtlpSettings
{
    public static bool IsKnownProtocol(string protocol) =>
        protocol is KpiOtlpOptions.GrpcProtocol or KpiOtlpOptions.HttpProtobufProtocol;

    public static bool IsValidEndpoint(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    public static OtlpExporterOptions CreateExporterOptions(KpiOtlpOptions options, IConfiguration? configuration)
    {
        var protocolName = options.Protocol ?? NullIfEmpty(configuration?["OTEL_EXPORTER_OTLP_PROTOCOL"]) ?? KpiOtlpOptions.GrpcProtocol;
        var protocol = protocolName == KpiOtlpOptions.HttpProtobufProtocol ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        // OTEL_EXPORTER_OTLP_METRICS_ENDPOINT is the full signal URL; the others are base addresses.
        var signalEndpoint = options.Endpoint is null ? NullIfEmpty(configuration?["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"]) : null;
        var baseEndpoint = options.Endpoint
            ?? NullIfEmpty(configuration?["OTEL_EXPORTER_OTLP_ENDPOINT"])
            ?? (protocol == OtlpExportProtocol.Grpc ? "http://localhost:4317" : "http://localhost:4318");

        return new OtlpExporterOptions
        {
            Protocol = protocol,
            Endpoint = signalEndpoint is not null ? new Uri(signalEndpoint) : SignalEndpoint(new Uri(baseEndpoint), protocol),
            TimeoutMilliseconds = options.TimeoutMilliseconds,
        };
    }

    /// <summary>OTLP/HTTP posts metrics to <c>/v1/metrics</c>; a base address gets that path appended.</summary>
    private static Uri SignalEndpoint(Uri endpoint, OtlpExportProtocol protocol)
    {
        if (protocol != OtlpExportProtocol.HttpProtobuf || endpoint.AbsolutePath.EndsWith("/v1/metrics", StringComparison.Ordinal))
        {
            return endpoint;
        }

        var builder = new UriBuilder(endpoint);
        builder.Path = builder.Path.TrimEnd('/') + "/v1/metrics";
        return builder.Uri;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
