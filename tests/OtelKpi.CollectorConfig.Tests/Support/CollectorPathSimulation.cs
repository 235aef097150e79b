using System.Text.RegularExpressions;

namespace OtelKpi.CollectorConfig.Tests.Support;

/// <summary>One data point on its way through a collector: its resource and its own attributes.</summary>
/// <param name="Resource">Resource attributes.</param>
/// <param name="Attributes">Data point attributes.</param>
internal sealed record SimulatedDataPoint(Dictionary<string, string> Resource, Dictionary<string, string> Attributes);

/// <summary>
/// Replays, on one data point, what a collector configuration does to its identity: the processors of the
/// metrics pipeline that touch attributes (k8s_attributes, resource, transform), then the Prometheus
/// remote-write translation of the resource into job and instance. Only the operations these configurations
/// use are modelled; any other processor or statement fails the simulation instead of being ignored.
/// </summary>
internal static partial class CollectorPathSimulation
{
    // The prometheus receiver's mapping of pod service-discovery labels (receiver/prometheusreceiver,
    // internal/prom_to_otlp.go in opentelemetry-collector-contrib).
    private static readonly (string Label, string Attribute)[] DiscoveryToResourceAttributes =
    [
        ("__meta_kubernetes_pod_name", "k8s.pod.name"),
        ("__meta_kubernetes_pod_uid", "k8s.pod.uid"),
        ("__meta_kubernetes_pod_container_name", "k8s.container.name"),
        ("__meta_kubernetes_namespace", "k8s.namespace.name"),
        ("__meta_kubernetes_pod_node_name", "k8s.node.name"),
    ];

    /// <summary>
    /// Runs the pipeline's processors. <paramref name="pod"/> is the pod k8s_attributes associates the data
    /// with (by the connection's address), or null when it cannot (scraped data has no client connection).
    /// </summary>
    public static SimulatedDataPoint Process(CollectorConfiguration configuration, CollectorPipeline pipeline, SimulatedDataPoint point, SimulatedPod? pod)
    {
        foreach (var id in pipeline.Processors)
        {
            var settings = configuration.Component("processors/" + id);
            point = CollectorConfiguration.TypeOf(id) switch
            {
                "memory_limiter" or "batch" => point,
                "k8s_attributes" => pod is null ? point : AddPodMetadata(settings, point, pod),
                "resource" => ApplyResourceActions(settings, point),
                "transform" => ApplyTransformStatements(settings, point),
                var other => throw new Xunit.Sdk.XunitException($"Processor {id} ({other}) is not modelled by the identity simulation."),
            };
        }

        return point;
    }

    /// <summary>
    /// The Prometheus labels the remote-write exporter gives the point: its attributes with dots as
    /// underscores, job = service.namespace/service.name (or service.name), instance = service.instance.id.
    /// </summary>
    public static Dictionary<string, string> PrometheusLabels(SimulatedDataPoint point)
    {
        var labels = point.Attributes.ToDictionary(a => PrometheusLabelName(a.Key), a => a.Value, StringComparer.Ordinal);
        if (point.Resource.TryGetValue("service.name", out var name))
        {
            labels["job"] = point.Resource.TryGetValue("service.namespace", out var ns) ? $"{ns}/{name}" : name;
        }

        if (point.Resource.TryGetValue("service.instance.id", out var instance))
        {
            labels["instance"] = instance;
        }

        return labels;
    }

    /// <summary>
    /// The labels of the <c>target_info</c> series the remote-write exporter writes for the point's resource
    /// (addResourceTargetInfo in pkg/translator/prometheusremotewrite): every resource attribute except the
    /// three that make job and instance, as label names, plus job and instance; null when nothing is left.
    /// </summary>
    public static Dictionary<string, string>? TargetInfoLabels(SimulatedDataPoint point)
    {
        var labels = point.Resource
            .Where(a => a.Key is not ("service.name" or "service.namespace" or "service.instance.id"))
            .ToDictionary(a => PrometheusLabelName(a.Key), a => a.Value, StringComparer.Ordinal);
        if (labels.Count == 0)
        {
            return null;
        }

        foreach (var (name, value) in PrometheusLabels(point with { Attributes = [] }))
        {
            labels[name] = value;
        }

        return labels;
    }

    /// <summary>
    /// What the prometheus receiver makes of a scraped target: job becomes service.name, instance becomes
    /// service.instance.id, the pod's Kubernetes service-discovery labels become k8s.* resource attributes,
    /// every other target label stays on the data point.
    /// </summary>
    public static SimulatedDataPoint FromScrapedTarget(SimulatedPod pod, IReadOnlyDictionary<string, string> targetLabels)
    {
        var resource = new Dictionary<string, string>(StringComparer.Ordinal) { ["service.name"] = targetLabels["job"], ["service.instance.id"] = targetLabels["instance"] };
        var discovery = pod.DiscoveryLabels();
        foreach (var (label, attribute) in DiscoveryToResourceAttributes)
        {
            if (discovery.TryGetValue(label, out var value))
            {
                resource[attribute] = value;
            }
        }

        return new(resource, targetLabels.Where(l => l.Key is not ("job" or "instance")).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal));
    }

    /// <summary>Attribute keys become label names with every character outside [a-zA-Z0-9_] as '_'.</summary>
    public static string PrometheusLabelName(string key) => new(key.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray());

    private static SimulatedDataPoint AddPodMetadata(Dictionary<string, object?> settings, SimulatedDataPoint point, SimulatedPod pod)
    {
        var known = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["k8s.namespace.name"] = pod.Namespace,
            ["k8s.pod.name"] = pod.Name,
            ["k8s.pod.uid"] = SimulatedPod.Uid,
            ["k8s.node.name"] = "node-1",
            ["k8s.deployment.name"] = pod.Name[..pod.Name.LastIndexOf('-', pod.Name.LastIndexOf('-') - 1)],
        };
        var resource = new Dictionary<string, string>(point.Resource, StringComparer.Ordinal);
        foreach (var attribute in YamlTree.Strings(settings, "extract/metadata"))
        {
            Assert.True(known.TryGetValue(attribute, out var value), $"k8s_attributes metadata {attribute} is not modelled.");
            resource.TryAdd(attribute, value);
        }

        foreach (var label in YamlTree.Maps(settings, "extract/labels"))
        {
            Assert.Equal("pod", YamlTree.Scalar(label, "from") ?? "pod");
            if (pod.Labels.TryGetValue(YamlTree.Scalar(label, "key")!, out var value))
            {
                resource.TryAdd(YamlTree.Scalar(label, "tag_name")!, value);
            }
        }

        return point with { Resource = resource };
    }

    private static SimulatedDataPoint ApplyResourceActions(Dictionary<string, object?> settings, SimulatedDataPoint point)
    {
        var resource = new Dictionary<string, string>(point.Resource, StringComparer.Ordinal);
        foreach (var action in YamlTree.Maps(settings, "attributes"))
        {
            var key = YamlTree.Scalar(action, "key")!;
            var from = YamlTree.Scalar(action, "from_attribute");
            switch (YamlTree.Scalar(action, "action"))
            {
                case "upsert" when from is not null:
                    // Like the collector: a missing source attribute leaves the key untouched.
                    if (resource.TryGetValue(from, out var value))
                    {
                        resource[key] = value;
                    }

                    break;
                case "delete":
                    resource.Remove(key);
                    break;
                default:
                    throw new Xunit.Sdk.XunitException($"Resource action on {key} is not modelled.");
            }
        }

        return point with { Resource = resource };
    }

    private static SimulatedDataPoint ApplyTransformStatements(Dictionary<string, object?> settings, SimulatedDataPoint point)
    {
        var attributes = new Dictionary<string, string>(point.Attributes, StringComparer.Ordinal);
        foreach (var group in YamlTree.Maps(settings, "metric_statements"))
        {
            Assert.Equal("datapoint", YamlTree.Scalar(group, "context"));
            foreach (var statement in YamlTree.Strings(group, "statements"))
            {
                var match = CopyResourceAttribute().Match(statement);
                Assert.True(match.Success, $"Transform statement not modelled: {statement}");
                Assert.Equal(match.Groups["source"].Value, match.Groups["guard"].Value);
                if (point.Resource.TryGetValue(match.Groups["source"].Value, out var value))
                {
                    attributes[match.Groups["target"].Value] = value;
                }
            }
        }

        return point with { Attributes = attributes };
    }

    [GeneratedRegex("""^set\(attributes\["(?<target>[^"]+)"\], resource\.attributes\["(?<source>[^"]+)"\]\) where resource\.attributes\["(?<guard>[^"]+)"\] != nil$""")]
    private static partial Regex CopyResourceAttribute();
}
