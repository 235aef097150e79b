using System.Text.Json;
using OtelKpi.Dashboards.Tests.Live;
using OtelKpi.Testing;
using YamlDotNet.RepresentationModel;

namespace OtelKpi.Dashboards.Tests.ScrapeConfig;

/// <summary>
/// deploy/prometheus/kubernetes-pods.yml's relabelling, run by a real Prometheus 2.42. Debian's build has no
/// Kubernetes discovery, so the pods it would discover are given as static targets carrying the same
/// <c>__meta_kubernetes_*</c> labels; everything after discovery is Prometheus' own code.
/// </summary>
public class KubernetesScrapeJobTests
{
    private const string Path = "deploy/prometheus/kubernetes-pods.yml";

    [Fact]
    public async Task Only_the_metrics_port_of_running_labelled_pods_is_scraped_with_the_collector_path_labels()
    {
        await using var prometheus = await PrometheusServer.StartAsync(WithDiscoveredPods());
        JsonElement targets = default;
        await prometheus.WaitUntilAsync(
            async () =>
            {
                targets = await prometheus.GetDataAsync("api/v1/targets?state=any");
                return targets.GetProperty("activeTargets").GetArrayLength() + targets.GetProperty("droppedTargets").GetArrayLength() == 5;
            },
            TimeSpan.FromSeconds(30),
            "the scrape manager to apply the five discovered pods"); // discovery updates are batched every 5 s

        var active = Assert.Single(targets.GetProperty("activeTargets").EnumerateArray());
        var labels = active.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(
            new Dictionary<string, string?> { ["job"] = "shop/checkout", ["instance"] = "checkout-7d9f8-abcde", ["namespace"] = "shop", ["pod"] = "checkout-7d9f8-abcde" },
            labels);
        Assert.Equal("http://127.0.0.1:1/metrics", active.GetProperty("scrapeUrl").GetString());
        Assert.Equal(4, targets.GetProperty("droppedTargets").GetArrayLength());
    }

    // Replaces the discovery block with the pods it would find: the one to keep, then one per reason to drop.
    private static string WithDiscoveredPods()
    {
        var root = ShippedPrometheusConfig.Parse(File.ReadAllText(RepositoryPaths.Of(Path)));
        var job = ShippedPrometheusConfig.Job(root);
        Assert.True(job.Children.Remove(new YamlScalarNode("kubernetes_sd_configs")));

        var pods = new YamlSequenceNode(
            Pod(1, "checkout-7d9f8-abcde"),
            Pod(2, "checkout-7d9f8-abcde", portName: "http"),
            Pod(3, "checkout-7d9f8-klmno", collect: null),
            Pod(4, "batch-1", app: null),
            Pod(5, "checkout-7d9f8-done", phase: "Succeeded"));
        job.Children["static_configs"] = pods;
        return "global:\n  scrape_interval: 1m\n" + ShippedPrometheusConfig.Serialize(root);
    }

    private static YamlMappingNode Pod(int port, string name, string portName = "metrics", string? collect = "prometheus", string? app = "checkout", string phase = "Running")
    {
        var labels = new YamlMappingNode
        {
            { "__meta_kubernetes_namespace", "shop" },
            { "__meta_kubernetes_pod_name", name },
            { "__meta_kubernetes_pod_phase", phase },
            { "__meta_kubernetes_pod_container_name", "app" },
            { "__meta_kubernetes_pod_container_port_name", portName },
        };
        if (collect is not null)
        {
            labels.Add("__meta_kubernetes_pod_label_otelkpi_io_collect", collect);
        }

        if (app is not null)
        {
            labels.Add("__meta_kubernetes_pod_label_app_kubernetes_io_name", app);
        }

        return new YamlMappingNode
        {
            { "targets", new YamlSequenceNode(new YamlScalarNode($"127.0.0.1:{port}")) },
            { "labels", labels },
        };
    }
}
