using OtelKpi.CollectorConfig.Tests.Support;

namespace OtelKpi.CollectorConfig.Tests;

/// <summary>
/// The same service instance must carry the same job, instance and extra labels whichever path collects
/// it: Prometheus scraping it through the PodMonitor, the agent scraping it, or the service pushing OTLP
/// to the agent. Each path is replayed from the shipped files themselves.
/// </summary>
public class LabelParityTests
{
    internal static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["job"] = "shop/checkout-api",
        ["instance"] = "checkout-api-7c9f8d6b5-x2kqp",
        ["namespace"] = "shop",
        ["pod"] = "checkout-api-7c9f8d6b5-x2kqp",
    };

    private static SimulatedPod Pod(string collect) => new(
        "shop",
        "checkout-api-7c9f8d6b5-x2kqp",
        new Dictionary<string, string>
        {
            ["app.kubernetes.io/name"] = "checkout-api",
            ["app.kubernetes.io/version"] = "1.4.2",
            ["otelkpi.io/collect"] = collect,
            ["pod-template-hash"] = "7c9f8d6b5",
        },
        "app",
        "metrics",
        9464,
        "10.42.3.17");

    private static CollectorConfiguration Agent => KubernetesManifests.CollectorConfigurationOf(KubernetesManifests.Get("DaemonSet", "otelkpi-agent"));

    [Fact]
    public void The_podmonitor_gives_job_namespace_slash_app_name_and_instance_pod_name()
    {
        var labels = Pod("prometheus").TargetLabels(PrometheusOperatorPodMonitor.Rules(KubernetesManifests.Get("PodMonitor", "otelkpi-services"), 0));

        Assert.Equal(Expected, labels);
    }

    [Fact]
    public void The_plain_prometheus_kubernetes_job_gives_the_podmonitor_labels()
    {
        var job = Assert.Single(YamlTree.Maps(YamlTree.Parse(File.ReadAllText(OtelKpi.Testing.RepositoryPaths.Of("deploy/prometheus/kubernetes-pods.yml"))), "scrape_configs"));
        var rules = YamlTree.Maps(job, "relabel_configs").Select(RelabelRule.From).ToList();

        Assert.Equal(Expected, Pod("prometheus").TargetLabels(rules));
        Assert.Null(Pod("agent").TargetLabels(rules));
        Assert.Null(Pod("otlp").TargetLabels(rules));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // k8s_attributes has not (yet) seen the pod: its cache fills after the agent starts
    public void The_agent_scrape_path_gives_the_podmonitor_labels(bool k8sattributesMatchesThePod)
    {
        var agent = Agent;
        var pipeline = Assert.Single(agent.Pipelines);
        var rules = YamlTree.Maps(Assert.Single(YamlTree.Maps(agent.Tree, "receivers/prometheus/config/scrape_configs")), "relabel_configs").Select(RelabelRule.From);
        var pod = Pod("agent");
        var target = pod.TargetLabels(rules);
        Assert.NotNull(target);

        var point = CollectorPathSimulation.Process(agent, pipeline, CollectorPathSimulation.FromScrapedTarget(pod, target), k8sattributesMatchesThePod ? pod : null);

        Assert.Equal(Expected, CollectorPathSimulation.PrometheusLabels(point));
    }

    [Fact]
    public void The_otlp_path_gives_the_podmonitor_labels_whatever_identity_the_service_reported()
    {
        var agent = Agent;
        var pipeline = Assert.Single(agent.Pipelines);
        var pushed = PushedByDefault(new Dictionary<string, string>(StringComparer.Ordinal) { ["http.request.method"] = "GET" });

        var point = CollectorPathSimulation.Process(agent, pipeline, pushed, Pod("otlp"));

        var expected = new Dictionary<string, string>(Expected) { ["http_request_method"] = "GET" };
        Assert.Equal(expected, CollectorPathSimulation.PrometheusLabels(point));
        // The remaining resource attributes are target_info's, not every series'.
        Assert.Equal("1.4.2", point.Resource["service.version"]);
        Assert.DoesNotContain("otelkpi.k8s.app_name", point.Resource.Keys);
    }

    [Theory]
    [InlineData("otlp")]
    [InlineData("agent")]
    public void Target_info_of_the_collector_path_carries_namespace_and_pod_for_the_cadvisor_join(string collect)
    {
        var targetInfo = CollectorPathSimulation.TargetInfoLabels(CollectorPath(collect));

        Assert.NotNull(targetInfo);
        // The dashboards join cAdvisor and kube-state-metrics on (namespace, pod): both under those names, as a Prometheus scrape gives them.
        Assert.Equal(Expected, targetInfo.Where(l => Expected.ContainsKey(l.Key)).ToDictionary(l => l.Key, l => l.Value));
        // The exporter's own rendering of the pod metadata is there as well.
        Assert.Equal("shop", targetInfo["k8s_namespace_name"]);
        Assert.Equal(Expected["pod"], targetInfo["k8s_pod_name"]);
    }

    /// <summary>The point a pod's series becomes after the agent's pipeline: pushed over OTLP, or scraped by the agent.</summary>
    internal static SimulatedDataPoint CollectorPath(string collect)
    {
        var agent = Agent;
        var pipeline = Assert.Single(agent.Pipelines);
        var pod = Pod(collect);
        if (collect == "agent")
        {
            var rules = YamlTree.Maps(Assert.Single(YamlTree.Maps(agent.Tree, "receivers/prometheus/config/scrape_configs")), "relabel_configs").Select(RelabelRule.From);
            return CollectorPathSimulation.Process(agent, pipeline, CollectorPathSimulation.FromScrapedTarget(pod, pod.TargetLabels(rules)!), pod);
        }

        return CollectorPathSimulation.Process(agent, pipeline, PushedByDefault([]), pod);
    }

    // What AddKpiTelemetry() reports by default: the application name and a random instance id.
    private static SimulatedDataPoint PushedByDefault(Dictionary<string, string> attributes) => new(
        new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["service.name"] = "Shop.Checkout.Api",
            ["service.version"] = "1.4.2",
            ["service.instance.id"] = "4f0b5c1e-8f7a-4d1e-9b61-2a3c5d7e9f10",
            ["deployment.environment"] = "production",
            ["telemetry.sdk.name"] = "opentelemetry",
        },
        attributes);

    [Fact]
    public void Without_kubernetes_metadata_the_otlp_path_keeps_the_identity_the_service_reported()
    {
        var agent = CollectorConfiguration.Load("collector-config/agent.yaml");
        var pushed = new SimulatedDataPoint(
            new Dictionary<string, string>(StringComparer.Ordinal) { ["service.name"] = "orders", ["service.namespace"] = "shop", ["service.instance.id"] = "vm-12:8080" },
            new Dictionary<string, string>(StringComparer.Ordinal));

        var point = CollectorPathSimulation.Process(agent, Assert.Single(agent.Pipelines), pushed, pod: null);

        Assert.Equal(
            new Dictionary<string, string> { ["job"] = "shop/orders", ["instance"] = "vm-12:8080" },
            CollectorPathSimulation.PrometheusLabels(point));
    }

    [Theory]
    [InlineData("prometheus", true, false)]
    [InlineData("agent", false, true)]
    [InlineData("otlp", false, false)]
    [InlineData("none", false, false)]
    public void Each_pod_is_scraped_by_at_most_one_path(string collect, bool byPrometheus, bool byAgent)
    {
        var podMonitor = PrometheusOperatorPodMonitor.Rules(KubernetesManifests.Get("PodMonitor", "otelkpi-services"), 0);
        var agentRules = YamlTree.Maps(Assert.Single(YamlTree.Maps(Agent.Tree, "receivers/prometheus/config/scrape_configs")), "relabel_configs").Select(RelabelRule.From);

        Assert.Equal(byPrometheus, Pod(collect).TargetLabels(podMonitor) is not null);
        Assert.Equal(byAgent, Pod(collect).TargetLabels(agentRules) is not null);
    }

    [Fact]
    public void A_pod_without_an_app_name_label_is_scraped_by_neither_path()
    {
        foreach (var collect in new[] { "prometheus", "agent" })
        {
            var pod = Pod(collect) with { Labels = new Dictionary<string, string> { ["otelkpi.io/collect"] = collect } };
            var podMonitor = PrometheusOperatorPodMonitor.Rules(KubernetesManifests.Get("PodMonitor", "otelkpi-services"), 0);
            var agentRules = YamlTree.Maps(Assert.Single(YamlTree.Maps(Agent.Tree, "receivers/prometheus/config/scrape_configs")), "relabel_configs").Select(RelabelRule.From);

            Assert.Null(pod.TargetLabels(podMonitor));
            Assert.Null(pod.TargetLabels(agentRules));
        }
    }

    [Fact]
    public void The_gateway_changes_no_identity()
    {
        var gateway = KubernetesManifests.CollectorConfigurationOf(KubernetesManifests.Get("Deployment", "otelkpi-gateway"));

        Assert.Equal(["memory_limiter", "batch"], Assert.Single(gateway.Pipelines).Processors);
    }
}
