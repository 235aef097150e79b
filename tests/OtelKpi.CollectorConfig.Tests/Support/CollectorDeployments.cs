namespace OtelKpi.CollectorConfig.Tests.Support;

/// <summary>Every way the files of collector-config/ are meant to be run, each a list of --config files.</summary>
internal static class CollectorDeployments
{
    /// <summary>The supported combinations, by a short name for test output.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> All = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["agent"] = ["collector-config/agent.yaml"],
        ["agent with gateways"] = ["collector-config/agent.yaml", "collector-config/agent-loadbalancing.yaml"],
        ["agent with prometheus endpoint"] = ["collector-config/agent.yaml", "collector-config/agent-prometheus-endpoint.yaml"],
        ["gateway"] = ["collector-config/gateway.yaml"],
    };

    /// <summary>The combination names, as xunit theory data.</summary>
    public static TheoryData<string> Names => [.. All.Keys];

    /// <summary>Loads a combination.</summary>
    public static CollectorConfiguration Load(string name) => CollectorConfiguration.Load(All[name]);
}
