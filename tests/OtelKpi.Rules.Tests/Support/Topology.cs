using OtelKpi.Manifests;
using OtelKpi.Testing;

namespace OtelKpi.Rules.Tests.Support;

/// <summary>The settings the shipped rule files are rendered with (rules/src/settings.yml).</summary>
public static class Topology
{
    private static readonly Lazy<PrometheusRuleSettings> Settings = new(() => PrometheusRuleSettings.Load(RepositoryPaths.Root));

    /// <summary>The topology labels above <c>job</c>: cluster and namespace as shipped.</summary>
    public static IReadOnlyList<string> Labels => Settings.Value.TopologyLabels;

    /// <summary>The labels of a job's series: the topology labels and job.</summary>
    public static IReadOnlyList<string> JobLabels => Settings.Value.JobLabels;

    /// <summary>Where the runbooks are published.</summary>
    public static string RunbookBase => Settings.Value.RunbookUrlBase;
}
