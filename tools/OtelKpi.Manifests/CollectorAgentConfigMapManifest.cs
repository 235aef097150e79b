namespace OtelKpi.Manifests;

/// <summary>deploy/kubernetes/otelkpi-agent-config.yaml: the agent configuration and its two overlays.</summary>
public sealed class CollectorAgentConfigMapManifest : CollectorConfigMapManifest
{
    /// <inheritdoc />
    public override string OutputPath => "deploy/kubernetes/otelkpi-agent-config.yaml";

    /// <inheritdoc />
    public override string ConfigMapName => "otelkpi-agent-config";

    /// <inheritdoc />
    public override string AppName => "otelkpi-agent";

    /// <inheritdoc />
    public override IReadOnlyList<string> SourceFiles { get; } =
        ["collector-config/agent.yaml", "collector-config/agent-loadbalancing.yaml", "collector-config/agent-prometheus-endpoint.yaml"];
}
