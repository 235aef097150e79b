using System.Text.RegularExpressions;
using OtelKpi.CollectorConfig.Tests.Support;
using OtelKpi.Manifests;
using OtelKpi.Testing;

namespace OtelKpi.CollectorConfig.Tests;

/// <summary>The Kubernetes manifests of the collector and direct-scrape paths, read as kubectl would apply them.</summary>
public partial class KubernetesManifestTests
{
    private static readonly string[] Workloads = ["DaemonSet/otelkpi-agent", "Deployment/otelkpi-gateway"];

    public static TheoryData<string> WorkloadNames => [.. Workloads];

    private static KubernetesObject Workload(string kindAndName) =>
        KubernetesManifests.Get(kindAndName.Split('/')[0], kindAndName.Split('/')[1]);

    [Fact]
    public void The_collector_configmaps_are_generated_from_collector_config_and_up_to_date()
    {
        var manifests = GeneratedManifests.All.OfType<CollectorConfigMapManifest>().ToList();
        Assert.Equal(["deploy/kubernetes/otelkpi-agent-config.yaml", "deploy/kubernetes/otelkpi-gateway-config.yaml"], manifests.Select(m => m.OutputPath));

        foreach (var manifest in manifests)
        {
            var committed = File.ReadAllText(RepositoryPaths.Of(manifest.OutputPath));
            Assert.StartsWith(GeneratedManifests.Header, committed);
            Assert.True(
                committed == manifest.Render(RepositoryPaths.Root),
                $"{manifest.OutputPath} is stale: run dotnet run --project tools/OtelKpi.Manifests");

            var data = KubernetesManifests.ConfigMapData(manifest.ConfigMapName);
            Assert.Equal(manifest.SourceFiles.Select(Path.GetFileName), data.Keys);
            foreach (var source in manifest.SourceFiles)
            {
                Assert.Equal(File.ReadAllText(RepositoryPaths.Of(source)), data[Path.GetFileName(source)]);
            }
        }
    }

    [Fact]
    public void The_kustomization_applies_every_shipped_manifest()
    {
        var kustomization = YamlTree.Parse(File.ReadAllText(RepositoryPaths.Of("deploy/kubernetes/kustomization.yaml")));
        var resources = YamlTree.Strings(kustomization, "resources").Select(r => "deploy/kubernetes/" + r).ToList();

        Assert.All(resources, r => Assert.True(File.Exists(RepositoryPaths.Of(r)), $"{r} is listed but missing"));
        Assert.Subset(resources.ToHashSet(), KubernetesManifests.Files.ToHashSet());
        Assert.Contains("deploy/kubernetes/prometheusrule.yaml", resources);
        Assert.Contains("deploy/kubernetes/grafana-dashboards.yaml", resources);
    }

    [Fact]
    public void Every_object_is_complete_and_namespaced_objects_live_in_otelkpi()
    {
        var clusterScoped = new HashSet<string> { "Namespace", "ClusterRole", "ClusterRoleBinding" };
        Assert.Equal(17, KubernetesManifests.Objects.Count);

        foreach (var item in KubernetesManifests.Objects)
        {
            Assert.False(string.IsNullOrEmpty(YamlTree.Scalar(item.Tree, "apiVersion")), $"{item.File}: apiVersion missing");
            Assert.False(string.IsNullOrEmpty(item.Kind), $"{item.File}: kind missing");
            Assert.False(string.IsNullOrEmpty(item.Name), $"{item.File}: a {item.Kind} has no name");
            Assert.Equal(clusterScoped.Contains(item.Kind) ? null : "otelkpi", item.Namespace);
            Assert.Equal("otelkpi", PartOf(item));
        }
    }

    [Theory]
    [MemberData(nameof(WorkloadNames))]
    public void Collectors_run_the_pinned_otelcol_contrib_image(string workload)
    {
        var container = Assert.Single(Workload(workload).Containers);

        Assert.Equal(OtelcolContrib.Image, YamlTree.Scalar(container, "image"));
    }

    [Theory]
    [MemberData(nameof(WorkloadNames))]
    public void Every_environment_variable_the_configuration_reads_is_set_and_none_is_left_over(string workload)
    {
        var item = Workload(workload);
        var container = Assert.Single(item.Containers);
        var configuration = KubernetesManifests.CollectorConfigurationOf(item);
        var environment = KubernetesManifests.Environment(container);

        // The agent also defines REMOTE_WRITE_URL for agent.yaml alone; GOMEMLIMIT is read by the Go runtime.
        var everyFileOfTheConfigMaps = CollectorConfiguration.Load([.. configuration.Files.Concat(item.Name == "otelkpi-agent" ? ["collector-config/agent.yaml"] : [])]);
        Assert.Equal(
            everyFileOfTheConfigMaps.EnvironmentVariables.Append("GOMEMLIMIT").Order(StringComparer.Ordinal),
            environment.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(configuration.EnvironmentVariables.Except(environment.Keys));
        Assert.Equal("status.podIP", YamlTree.Scalar(environment["MY_POD_IP"], "valueFrom/fieldRef/fieldPath"));
    }

    [Fact]
    public void The_agent_knows_its_node_and_finds_the_gateway_service()
    {
        var agent = Workload("DaemonSet/otelkpi-agent");
        var environment = KubernetesManifests.Environment(Assert.Single(agent.Containers));
        var gateway = KubernetesManifests.Get("Service", "otelkpi-gateway");

        Assert.Equal("spec.nodeName", YamlTree.Scalar(environment["K8S_NODE_NAME"], "valueFrom/fieldRef/fieldPath"));
        Assert.Equal($"{gateway.Name}.{gateway.Namespace}", YamlTree.Scalar(environment["GATEWAY_SERVICE"], "value"));
        Assert.Equal(
            ["--config=/etc/otelcol/agent.yaml", "--config=/etc/otelcol/agent-loadbalancing.yaml"],
            YamlTree.Strings(Assert.Single(agent.Containers), "args"));
    }

    [Theory]
    [MemberData(nameof(WorkloadNames))]
    public void Remote_write_goes_to_a_real_prometheus_url(string workload)
    {
        var environment = KubernetesManifests.Environment(Assert.Single(Workload(workload).Containers));
        var url = new Uri(YamlTree.Scalar(environment["REMOTE_WRITE_URL"], "value")!);

        Assert.Equal("http://prometheus-operated.monitoring.svc:9090/api/v1/write", url.ToString());
    }

    [Fact]
    public void No_placeholder_is_left_in_the_manifests_or_configurations()
    {
        var files = KubernetesManifests.Files.Concat(CollectorDeployments.All.Values.SelectMany(f => f).Distinct());

        foreach (var file in files)
        {
            var text = File.ReadAllText(RepositoryPaths.Of(file));
            var placeholder = Placeholder().Match(text);
            Assert.False(placeholder.Success, $"{file}: placeholder '{placeholder.Value}'");
        }
    }

    [Theory]
    [MemberData(nameof(WorkloadNames))]
    public void Container_ports_and_probes_match_what_the_configuration_listens_on(string workload)
    {
        var item = Workload(workload);
        var container = Assert.Single(item.Containers);
        var configuration = KubernetesManifests.CollectorConfigurationOf(item);
        var ports = YamlTree.Maps(container, "ports").ToDictionary(p => YamlTree.Scalar(p, "name")!, p => YamlTree.Scalar(p, "containerPort")!);

        Assert.Equal(PortOf(YamlTree.Scalar(configuration.Tree, "receivers/otlp/protocols/grpc/endpoint")), ports["otlp-grpc"]);
        if (YamlTree.At(configuration.Tree, "receivers/otlp/protocols/http") is not null)
        {
            Assert.Equal(PortOf(YamlTree.Scalar(configuration.Tree, "receivers/otlp/protocols/http/endpoint")), ports["otlp-http"]);
        }

        Assert.Equal("8888", ports["telemetry"]);
        var health = PortOf(YamlTree.Scalar(configuration.Tree, "extensions/health_check/endpoint"));
        Assert.Equal(health, YamlTree.Scalar(container, "readinessProbe/httpGet/port"));
        Assert.Equal(health, YamlTree.Scalar(container, "livenessProbe/httpGet/port"));
    }

    [Theory]
    [InlineData("otelkpi-agent", "DaemonSet/otelkpi-agent")]
    [InlineData("otelkpi-gateway", "Deployment/otelkpi-gateway")]
    public void Services_select_their_workload_and_target_named_container_ports(string service, string workload)
    {
        var item = Workload(workload);
        var serviceObject = KubernetesManifests.Get("Service", service);
        var podLabels = YamlTree.Map(item.Tree, "spec/template/metadata/labels");
        var portNames = YamlTree.Maps(Assert.Single(item.Containers), "ports").Select(p => YamlTree.Scalar(p, "name")).ToHashSet();

        foreach (var (key, value) in YamlTree.Map(serviceObject.Tree, "spec/selector"))
        {
            Assert.Equal(value, podLabels[key]);
        }

        foreach (var port in YamlTree.Maps(serviceObject.Tree, "spec/ports"))
        {
            Assert.Contains(YamlTree.Scalar(port, "targetPort"), portNames);
        }
    }

    [Fact]
    public void The_agent_service_only_routes_to_the_agent_on_the_senders_node()
    {
        // k8s_attributes identifies the sending pod by the connection's source address, which only a
        // node-local hop preserves.
        Assert.Equal("Local", YamlTree.Scalar(KubernetesManifests.Get("Service", "otelkpi-agent").Tree, "spec/internalTrafficPolicy"));
    }

    [Theory]
    [MemberData(nameof(WorkloadNames))]
    public void Workloads_mount_the_generated_configmap(string workload)
    {
        var item = Workload(workload);
        var configMaps = YamlTree.Maps(item.Tree, "spec/template/spec/volumes").Select(v => YamlTree.Scalar(v, "configMap/name")).ToList();

        Assert.Equal([item.Name + "-config"], configMaps);
        Assert.Contains(GeneratedManifests.All.OfType<CollectorConfigMapManifest>(), m => m.ConfigMapName == item.Name + "-config");
    }

    [Theory]
    [MemberData(nameof(WorkloadNames))]
    public void Collectors_run_unprivileged_with_a_memory_limit_above_the_go_soft_limit(string workload)
    {
        var item = Workload(workload);
        var container = Assert.Single(item.Containers);
        var goMemLimit = ParseQuantity(YamlTree.Scalar(KubernetesManifests.Environment(container)["GOMEMLIMIT"], "value")!);
        var limit = ParseQuantity(YamlTree.Scalar(container, "resources/limits/memory")!);

        Assert.Equal("true", YamlTree.Scalar(item.Tree, "spec/template/spec/securityContext/runAsNonRoot"));
        Assert.Equal("false", YamlTree.Scalar(container, "securityContext/allowPrivilegeEscalation"));
        Assert.Equal("true", YamlTree.Scalar(container, "securityContext/readOnlyRootFilesystem"));
        Assert.Equal(["ALL"], YamlTree.Strings(container, "securityContext/capabilities/drop"));
        Assert.InRange(goMemLimit / limit, 0.75, 0.85);
    }

    [Fact]
    public void The_agent_may_read_what_k8sattributes_the_prometheus_receiver_and_the_k8s_resolver_read()
    {
        var account = YamlTree.Scalar(Workload("DaemonSet/otelkpi-agent").Tree, "spec/template/spec/serviceAccountName");
        Assert.Equal("otelkpi-agent", KubernetesManifests.Get("ServiceAccount", account!).Name);

        var clusterRules = RulesBoundTo("ClusterRoleBinding", "ClusterRole", account!);
        Assert.Contains(("", "pods"), clusterRules);
        Assert.Contains(("", "namespaces"), clusterRules);
        Assert.Contains(("apps", "replicasets"), clusterRules);

        var namespaceRules = RulesBoundTo("RoleBinding", "Role", account!);
        Assert.Contains(("", "endpoints"), namespaceRules);
        Assert.Contains(("discovery.k8s.io", "endpointslices"), namespaceRules);
    }

    [Fact]
    public void The_services_podmonitor_selects_the_direct_scrape_label_and_the_metrics_port()
    {
        var podMonitor = KubernetesManifests.Get("PodMonitor", "otelkpi-services");

        Assert.Equal("prometheus", CollectLabel(podMonitor));
        Assert.Equal("true", YamlTree.Scalar(podMonitor.Tree, "spec/namespaceSelector/any"));
        var endpoint = Assert.Single(YamlTree.Maps(podMonitor.Tree, "spec/podMetricsEndpoints"));
        Assert.Equal("metrics", YamlTree.Scalar(endpoint, "port"));
        Assert.Equal("/metrics", YamlTree.Scalar(endpoint, "path"));
        // The same 15 s as the OTLP export interval, so rates are computed over the same sample density.
        Assert.Equal("15s", YamlTree.Scalar(endpoint, "interval"));
    }

    [Fact]
    public void The_collectors_podmonitor_scrapes_both_collectors_own_metrics()
    {
        var podMonitor = KubernetesManifests.Get("PodMonitor", "otelkpi-collectors");
        var selected = YamlTree.Strings(Assert.Single(YamlTree.Maps(podMonitor.Tree, "spec/selector/matchExpressions")), "values");

        Assert.Equal(["otelkpi-agent", "otelkpi-gateway"], selected);
        Assert.Equal("telemetry", YamlTree.Scalar(Assert.Single(YamlTree.Maps(podMonitor.Tree, "spec/podMetricsEndpoints")), "port"));
    }

    [Fact]
    public void A_workload_an_autoscaler_scales_sets_no_replica_count_of_its_own()
    {
        var autoscalers = KubernetesManifests.Objects.Where(o => o.Kind == "HorizontalPodAutoscaler").ToList();
        Assert.NotEmpty(autoscalers);

        foreach (var autoscaler in autoscalers)
        {
            var target = KubernetesManifests.Get(YamlTree.Scalar(autoscaler.Tree, "spec/scaleTargetRef/kind")!, YamlTree.Scalar(autoscaler.Tree, "spec/scaleTargetRef/name")!);
            // kubectl apply would reset the autoscaler's count to it on every apply.
            Assert.Null(YamlTree.At(target.Tree, "spec/replicas"));
            Assert.Equal("2", YamlTree.Scalar(autoscaler.Tree, "spec/minReplicas"));
        }
    }

    private static string? PartOf(KubernetesObject item) =>
        (YamlTree.At(item.Tree, "metadata/labels") as Dictionary<string, object?>)?.GetValueOrDefault("app.kubernetes.io/part-of") as string;

    private static string? CollectLabel(KubernetesObject podMonitor) =>
        YamlTree.Map(podMonitor.Tree, "spec/selector/matchLabels").GetValueOrDefault("otelkpi.io/collect") as string;

    private static string PortOf(string? endpoint)
    {
        Assert.NotNull(endpoint);
        return endpoint[(endpoint.LastIndexOf(':') + 1)..];
    }

    private static double ParseQuantity(string quantity) => quantity switch
    {
        _ when quantity.EndsWith("MiB", StringComparison.Ordinal) => double.Parse(quantity[..^3], System.Globalization.CultureInfo.InvariantCulture) * 1024 * 1024,
        _ when quantity.EndsWith("Mi", StringComparison.Ordinal) => double.Parse(quantity[..^2], System.Globalization.CultureInfo.InvariantCulture) * 1024 * 1024,
        _ when quantity.EndsWith("Gi", StringComparison.Ordinal) => double.Parse(quantity[..^2], System.Globalization.CultureInfo.InvariantCulture) * 1024 * 1024 * 1024,
        _ => throw new FormatException($"Unsupported quantity {quantity}"),
    };

    private static HashSet<(string Group, string Resource)> RulesBoundTo(string bindingKind, string roleKind, string serviceAccount)
    {
        var rules = new HashSet<(string, string)>();
        foreach (var binding in KubernetesManifests.Objects.Where(o => o.Kind == bindingKind))
        {
            if (!YamlTree.Maps(binding.Tree, "subjects").Any(s => YamlTree.Scalar(s, "kind") == "ServiceAccount" && YamlTree.Scalar(s, "name") == serviceAccount && YamlTree.Scalar(s, "namespace") == "otelkpi"))
            {
                continue;
            }

            Assert.Equal(roleKind, YamlTree.Scalar(binding.Tree, "roleRef/kind"));
            var role = KubernetesManifests.Get(roleKind, YamlTree.Scalar(binding.Tree, "roleRef/name")!);
            foreach (var rule in YamlTree.Maps(role.Tree, "rules"))
            {
                Assert.Equal(["get", "list", "watch"], YamlTree.Strings(rule, "verbs"));
                foreach (var group in YamlTree.Strings(rule, "apiGroups"))
                {
                    foreach (var resource in YamlTree.Strings(rule, "resources"))
                    {
                        rules.Add((group, resource));
                    }
                }
            }
        }

        return rules;
    }

    [GeneratedRegex(@"<[A-Za-z][A-Za-z0-9_ .-]*>|\bexample\.(com|org|net)\b|\b(TODO|FIXME|TBD|CHANGEME|CHANGE_ME|REPLACE_ME|REPLACEME)\b|\byour[-_.][a-z]|\bx{3,}\b")]
    private static partial Regex Placeholder();
}
