namespace OtelKpi;

/// <summary>Push export of the same metrics over OTLP, for example to an OpenTelemetry Collector.</summary>
public sealed class KpiOtlpOptions
{
    /// <summary>The OTLP/gRPC protocol name.</summary>
    public const string GrpcProtocol = "grpc";

    /// <summary>The OTLP/HTTP protocol name with protobuf payloads.</summary>
    public const string HttpProtobufProtocol = "http/protobuf";

    /// <summary>Gets or sets a value indicating whether OTLP export is on. Default <see langword="false"/>.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Gets or sets the collector endpoint, an absolute http or https URI. <see langword="null"/> uses
    /// OTEL_EXPORTER_OTLP_ENDPOINT, else the OTLP default for the protocol. For <c>http/protobuf</c>
    /// a base address such as <c>http://collector:4318</c> gets <c>/v1/metrics</c> appended.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>
    /// Gets or sets the protocol: <c>grpc</c> or <c>http/protobuf</c>. <see langword="null"/> uses
    /// OTEL_EXPORTER_OTLP_PROTOCOL, else <c>grpc</c>.
    /// </summary>
    public string? Protocol { get; set; }

    /// <summary>Gets or sets the export interval in milliseconds (1000-3600000). Default 15000.</summary>
    public int ExportIntervalMilliseconds { get; set; } = 15000;

    /// <summary>Gets or sets the timeout of one export in milliseconds (100-600000). Default 10000.</summary>
    public int TimeoutMilliseconds { get; set; } = 10000;
}
