namespace OtelKpi.CollectorConfig.Tests.Support;

/// <summary>
/// The scrape configuration the Prometheus Operator generates for one PodMonitor endpoint, reduced to its
/// relabelling: drop finished pods, keep pods matching the selector and the port, set namespace,
/// container, pod, job (namespace/monitor name) and endpoint, then the endpoint's own relabelings. This is
/// the order of prometheus-operator's generatePodMonitorConfig (pkg/prometheus/promcfg.go).
/// </summary>
internal static class PrometheusOperatorPodMonitor
{
    /// <summary>The relabelling rules of the PodMonitor's endpoint at <paramref name="endpointIndex"/>.</summary>
    public static IReadOnlyList<RelabelRule> Rules(KubernetesObject podMonitor, int endpointIndex)
    {
        var endpoint = YamlTree.Maps(podMonitor.Tree, "spec/podMetricsEndpoints")[endpointIndex];
        var port = YamlTree.Scalar(endpoint, "port") ?? throw new Xunit.Sdk.XunitException("PodMonitor endpoints must name their port.");
        var rules = new List<RelabelRule> { Rule(["__meta_kubernetes_pod_phase"], "(Failed|Succeeded)", action: "drop") };

        foreach (var (key, value) in YamlTree.At(podMonitor.Tree, "spec/selector/matchLabels") as Dictionary<string, object?> ?? [])
        {
            rules.Add(Rule(["__meta_kubernetes_pod_label_" + SimulatedPod.Sanitize(key), "__meta_kubernetes_pod_labelpresent_" + SimulatedPod.Sanitize(key)], $"({value});true", action: "keep"));
        }

        foreach (var expression in YamlTree.Maps(podMonitor.Tree, "spec/selector/matchExpressions"))
        {
            var key = SimulatedPod.Sanitize(YamlTree.Scalar(expression, "key")!);
            var values = string.Join('|', YamlTree.Strings(expression, "values"));
            rules.Add(YamlTree.Scalar(expression, "operator") switch
            {
                "In" => Rule(["__meta_kubernetes_pod_label_" + key, "__meta_kubernetes_pod_labelpresent_" + key], $"({values});true", action: "keep"),
                "NotIn" => Rule(["__meta_kubernetes_pod_label_" + key, "__meta_kubernetes_pod_labelpresent_" + key], $"({values});true", action: "drop"),
                "Exists" => Rule(["__meta_kubernetes_pod_labelpresent_" + key], "true", action: "keep"),
                "DoesNotExist" => Rule(["__meta_kubernetes_pod_labelpresent_" + key], "true", action: "drop"),
                var other => throw new Xunit.Sdk.XunitException($"Unknown selector operator {other}."),
            });
        }

        rules.Add(Rule(["__meta_kubernetes_pod_container_port_name"], port, action: "keep"));
        rules.Add(Rule(["__meta_kubernetes_namespace"], target: "namespace"));
        rules.Add(Rule(["__meta_kubernetes_pod_container_name"], target: "container"));
        rules.Add(Rule(["__meta_kubernetes_pod_name"], target: "pod"));
        rules.Add(Rule([], target: "job", replacement: $"{podMonitor.Namespace}/{podMonitor.Name}"));
        rules.Add(Rule([], target: "endpoint", replacement: port));
        rules.AddRange(YamlTree.Maps(endpoint, "relabelings").Select(RelabelRule.From));
        return rules;
    }

    private static RelabelRule Rule(IReadOnlyList<string> sources, string regex = "(.*)", string? target = null, string replacement = "$1", string action = "replace") =>
        new(sources, ";", regex, target, replacement, action);
}
