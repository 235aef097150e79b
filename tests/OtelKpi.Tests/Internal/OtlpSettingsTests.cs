using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using OtelKpi.Internal;

namespace OtelKpi.Tests.Internal;

/// <summary>Where the OTLP exporter sends, from the options and the OTEL_EXPORTER_OTLP_* variables.</summary>
public class OtlpSettingsTests
{
    [Theory]
    [InlineData(null, null, null, null, null, "http://localhost:4317/", OtlpExportProtocol.Grpc)]
    [InlineData(null, "http/protobuf", null, null, null, "http://localhost:4318/v1/metrics", OtlpExportProtocol.HttpProtobuf)]
    [InlineData(null, "grpc", "http/protobuf", null, null, "http://localhost:4318/v1/metrics", OtlpExportProtocol.HttpProtobuf)]
    [InlineData(null, "http/protobuf", null, "http://collector:4318", null, "http://collector:4318/v1/metrics", OtlpExportProtocol.HttpProtobuf)]
    [InlineData(null, "http/protobuf", null, "http://collector:4318", "http://metrics-collector:4318/custom/path", "http://metrics-collector:4318/custom/path", OtlpExportProtocol.HttpProtobuf)]
    [InlineData(null, null, null, "http://collector:4317", "http://metrics-collector:4317", "http://metrics-collector:4317/", OtlpExportProtocol.Grpc)]
    [InlineData("http://options:4317", null, null, "http://collector:4317", "http://metrics-collector:4317", "http://options:4317/", OtlpExportProtocol.Grpc)]
    public void Options_win_then_the_metrics_variables_then_the_generic_ones(
        string? endpointOption, string? protocolVariable, string? metricsProtocolVariable, string? endpointVariable, string? metricsEndpointVariable, string expectedEndpoint, OtlpExportProtocol expectedProtocol)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocolVariable,
            ["OTEL_EXPORTER_OTLP_METRICS_PROTOCOL"] = metricsProtocolVariable,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpointVariable,
            ["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = metricsEndpointVariable,
        }).Build();

        var exporter = OtlpSettings.CreateExporterOptions(new KpiOtlpOptions { Endpoint = endpointOption, TimeoutMilliseconds = 1234 }, configuration);

        Assert.Equal(expectedEndpoint, exporter.Endpoint.ToString());
        Assert.Equal(expectedProtocol, exporter.Protocol);
        Assert.Equal(1234, exporter.TimeoutMilliseconds);
    }
}
