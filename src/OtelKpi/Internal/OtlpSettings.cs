using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace OtelKpi.Internal;

/// <summary>Turns <see cref="KpiOtlpOptions"/> plus the OTEL_EXPORTER_OTLP_* variables into exporter options.</summary>
internal static class OtlpSettings
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string MetricsEndpointVariable = "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT";
    public const string ProtocolVariable = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string MetricsProtocolVariable = "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL";

    public static bool IsKnownProtocol(string protocol) =>
        protocol is KpiOtlpOptions.GrpcProtocol or KpiOtlpOptions.HttpProtobufProtocol;

    public static bool IsValidEndpoint(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>
    /// The protocol's source when no option sets it: the metrics-specific variable first, as the
    /// OpenTelemetry specification orders them. Null when neither variable is set.
    /// </summary>
    public static (string Variable, string Value)? ProtocolFromEnvironment(IConfiguration? configuration) =>
        FirstSet(configuration, MetricsProtocolVariable, ProtocolVariable);

    /// <summary>
    /// The endpoint's source when no option sets it: OTEL_EXPORTER_OTLP_METRICS_ENDPOINT (the full signal
    /// URL, used as is), else OTEL_EXPORTER_OTLP_ENDPOINT (a base address). Null when neither is set.
    /// </summary>
    public static (string Variable, string Value)? EndpointFromEnvironment(IConfiguration? configuration) =>
        FirstSet(configuration, MetricsEndpointVariable, EndpointVariable);

    public static OtlpExporterOptions CreateExporterOptions(KpiOtlpOptions options, IConfiguration? configuration)
    {
        var protocolName = options.Protocol ?? ProtocolFromEnvironment(configuration)?.Value ?? KpiOtlpOptions.GrpcProtocol;
        var protocol = protocolName == KpiOtlpOptions.HttpProtobufProtocol ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        var fromEnvironment = options.Endpoint is null ? EndpointFromEnvironment(configuration) : null;
        var endpoint = fromEnvironment is { Variable: MetricsEndpointVariable, Value: var signalUrl }
            ? new Uri(signalUrl)
            : SignalEndpoint(new Uri(options.Endpoint ?? fromEnvironment?.Value ?? DefaultEndpoint(protocol)), protocol);

        return new OtlpExporterOptions
        {
            Protocol = protocol,
            Endpoint = endpoint,
            TimeoutMilliseconds = options.TimeoutMilliseconds,
        };
    }

    private static string DefaultEndpoint(OtlpExportProtocol protocol) =>
        protocol == OtlpExportProtocol.Grpc ? "http://localhost:4317" : "http://localhost:4318";

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

    private static (string Variable, string Value)? FirstSet(IConfiguration? configuration, params string[] variables)
    {
        foreach (var variable in variables)
        {
            if (configuration?[variable] is { } value && !string.IsNullOrWhiteSpace(value))
            {
                return (variable, value);
            }
        }

        return null;
    }
}
