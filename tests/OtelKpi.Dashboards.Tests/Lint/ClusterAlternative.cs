namespace OtelKpi.Dashboards.Tests.Lint;

/// <summary>
/// The documented exception to the metric contract: the Service KPI dashboard's collapsed row of resource
/// panels computed from cAdvisor and kube-state-metrics, joined to the selected jobs and instances through
/// target_info's Kubernetes labels. These are the only names a dashboard may use outside docs/metrics.md
/// (besides rule-produced series and ALERTS), they are listed in docs/dashboards.md, and their panels are
/// the only ones allowed to show "No data" outside Kubernetes.
/// </summary>
public static class ClusterAlternative
{
    /// <summary>The cAdvisor and kube-state-metrics families the row reads, with the labels it uses on each.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Families { get; } = new Dictionary<string, IReadOnlySet<string>>
    {
        ["container_cpu_usage_seconds_total"] = new HashSet<string> { "namespace", "pod", "container" },
        ["container_cpu_cfs_periods_total"] = new HashSet<string> { "namespace", "pod", "container" },
        ["container_cpu_cfs_throttled_periods_total"] = new HashSet<string> { "namespace", "pod", "container" },
        ["container_memory_working_set_bytes"] = new HashSet<string> { "namespace", "pod", "container" },
        ["container_fs_usage_bytes"] = new HashSet<string> { "namespace", "pod", "container" },
        ["container_fs_reads_bytes_total"] = new HashSet<string> { "namespace", "pod", "container" },
        ["container_fs_writes_bytes_total"] = new HashSet<string> { "namespace", "pod", "container" },
        ["container_network_receive_bytes_total"] = new HashSet<string> { "namespace", "pod" },
        ["container_network_transmit_bytes_total"] = new HashSet<string> { "namespace", "pod" },
        ["kube_pod_container_resource_limits"] = new HashSet<string> { "namespace", "pod", "container", "resource", "unit" },
    };

    /// <summary>The Kubernetes target labels the join needs on target_info (set by the scrape job, not by OtelKpi).</summary>
    public static IReadOnlySet<string> JoinLabels { get; } = new HashSet<string> { "namespace", "pod" };

    /// <summary>True for the row holding the alternative panels.</summary>
    public static bool IsRow(string? rowTitle) => rowTitle?.Contains("cAdvisor", StringComparison.Ordinal) == true;
}
