namespace OtelKpi.Manifests;

/// <summary>deploy/kubernetes/otelkpi-gateway-config.yaml: the gateway configuration.</summary>
public sealed class CollectorGatewayConfigMapManifest : CollectorConfigMapManifest
{
    /// <inheritdoc />
    public override string OutputPath => "deploy/kubernetes/otelkpi-gateway-config.yaml";

    /// <inheritdoc />
    public override string ConfigMapName => "otelkpi-gateway-config";

    /// <inheritdoc />
    public override string AppName => "otelkpi-gateway";

    /// <inheritdoc />
    public override IReadOnlyList<string> SourceFiles { get; } = ["collector-config/gateway.yaml"];
}
