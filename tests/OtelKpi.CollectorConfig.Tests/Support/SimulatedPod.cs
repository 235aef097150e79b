namespace OtelKpi.CollectorConfig.Tests.Support;

/// <summary>
/// A pod as Prometheus' Kubernetes service discovery (role: pod) presents one of its container ports:
/// the <c>__meta_kubernetes_*</c> labels and <c>__address__</c> a target starts with.
/// </summary>
internal sealed record SimulatedPod(
    string Namespace,
    string Name,
    IReadOnlyDictionary<string, string> Labels,
    string Container,
    string PortName,
    int Port,
    string Ip)
{
    /// <summary>The pod's UID (one value serves every simulated pod).</summary>
    public const string Uid = "0b7f1f6e-2f0c-4f7e-9d54-6c3f3c1f9a11";

    /// <summary>The discovered target's labels before relabelling.</summary>
    public Dictionary<string, string> DiscoveryLabels()
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["__address__"] = $"{this.Ip}:{this.Port}",
            ["__meta_kubernetes_namespace"] = this.Namespace,
            ["__meta_kubernetes_pod_name"] = this.Name,
            ["__meta_kubernetes_pod_uid"] = Uid,
            ["__meta_kubernetes_pod_ip"] = this.Ip,
            ["__meta_kubernetes_pod_phase"] = "Running",
            ["__meta_kubernetes_pod_container_name"] = this.Container,
            ["__meta_kubernetes_pod_container_port_name"] = this.PortName,
            ["__meta_kubernetes_pod_container_port_number"] = this.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in this.Labels)
        {
            labels["__meta_kubernetes_pod_label_" + Sanitize(key)] = value;
            labels["__meta_kubernetes_pod_labelpresent_" + Sanitize(key)] = "true";
        }

        return labels;
    }

    /// <summary>
    /// The labels a scraped target ends up with: relabelled, internal <c>__</c> labels removed, and
    /// <c>instance</c> defaulted to the address as Prometheus does. Null when the target is dropped.
    /// </summary>
    public Dictionary<string, string>? TargetLabels(IEnumerable<RelabelRule> rules)
    {
        var relabelled = RelabelRule.ApplyAll(rules, this.DiscoveryLabels());
        if (relabelled is null)
        {
            return null;
        }

        var result = relabelled.Where(l => !l.Key.StartsWith("__", StringComparison.Ordinal)).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        result.TryAdd("instance", relabelled["__address__"]);
        return result;
    }

    /// <summary>Kubernetes label keys become Prometheus label names with every invalid character as '_'.</summary>
    public static string Sanitize(string key) => new(key.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray());
}
