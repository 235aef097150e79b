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
    public const string HeadersVariable = "OTEL_EXPORTER_OTLP_HEADERS";
    public const string MetricsHeadersVariable = "OTEL_EXPORTER_OTLP_METRICS_HEADERS";

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

    /// <summary>
    /// The headers' source: OTEL_EXPORTER_OTLP_METRICS_HEADERS, else OTEL_EXPORTER_OTLP_HEADERS. Read from the
    /// host's configuration (which holds the environment) so that what is validated is what is exported.
    /// </summary>
    public static (string Variable, string Value)? HeadersFromEnvironment(IConfiguration? configuration) =>
        FirstSet(configuration, MetricsHeadersVariable, HeadersVariable);

    /// <summary>
    /// The 1-based number of the first entry of <paramref name="headers"/> that is not <c>key=value</c> with a
    /// non-empty key, after percent-decoding, as the OTLP exporter splits them; null when all are.
    /// </summary>
    public static int? FirstMalformedHeader(string headers)
    {
        var entries = Uri.UnescapeDataString(headers).Split(',');
        for (var i = 0; i < entries.Length; i++)
        {
            var equals = entries[i].IndexOf('=', StringComparison.Ordinal);
            if (equals < 0 || string.IsNullOrWhiteSpace(entries[i][..equals]))
            {
                return i + 1;
            }
        }

        return null;
    }

    public static OtlpExporterOptions CreateExporterOptions(KpiOtlpOptions options, IConfiguration? configuration)
    {
        var protocolName = options.Protocol ?? ProtocolFromEnvironment(configuration)?.Value ?? KpiOtlpOptions.GrpcProtocol;
        var protocol = protocolName == KpiOtlpOptions.HttpProtobufProtocol ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        var fromEnvironment = options.Endpoint is null ? EndpointFromEnvironment(configuration) : null;
        var endpoint = fromEnvironment is { Variable: MetricsEndpointVariable, Value: var signalUrl }
            ? new Uri(signalUrl)
            : SignalEndpoint(new Uri(options.Endpoint ?? fromEnvironment?.Value ?? DefaultEndpoint(protocol)), protocol);

        var exporterOptions = new OtlpExporterOptions
        {
            Protocol = protocol,
            Endpoint = endpoint,
            TimeoutMilliseconds = options.TimeoutMilliseconds,
        };
        if (HeadersFromEnvironment(configuration) is { Value: var headers })
        {
            exporterOptions.Headers = headers;
        }

        return exporterOptions;
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
