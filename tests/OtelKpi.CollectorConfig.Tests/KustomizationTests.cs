using OtelKpi.CollectorConfig.Tests.Support;
using OtelKpi.Testing;

namespace OtelKpi.CollectorConfig.Tests;

/// <summary>
/// <c>kubectl apply -k deploy/kubernetes</c> puts every object where it is used: the collectors and PodMonitors in
/// otelkpi, the dashboard ConfigMaps where Grafana's sidecar looks and the PrometheusRule where Prometheus looks
/// (monitoring), cluster-scoped objects nowhere. The kustomization is rendered by <see cref="KustomizeNamespaces"/>,
/// which models kustomize's namespace rules for exactly the features the file uses (and refuses any other); where a
/// kubectl with kustomize v4 or later is on the PATH, its own rendering must agree.
/// </summary>
public class KustomizationTests
{
    private const string Directory = "deploy/kubernetes";

    [Fact]
    public void Every_object_lands_in_the_namespace_that_uses_it()
    {
        var rendered = KustomizeNamespaces.Render(Directory);

        Assert.Equal(20, rendered.Count);
        foreach (var ((kind, name), ns) in rendered)
        {
            var expected = kind switch
            {
                "Namespace" or "ClusterRole" or "ClusterRoleBinding" => null,
                "PrometheusRule" => "monitoring",
                "ConfigMap" when name.StartsWith("otelkpi-dashboard-", StringComparison.Ordinal) => "monitoring",
                _ => "otelkpi",
            };
            Assert.True(expected == ns, $"{kind} {name} lands in {ns ?? "(cluster)"}, expected {expected ?? "(cluster)"}");
        }

        Assert.Equal(["otelkpi-dashboard-aspnetcore", "otelkpi-dashboard-service-kpi"], rendered.Keys.Where(k => k.Kind == "ConfigMap" && rendered[k] == "monitoring").Select(k => k.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_dashboard_and_rule_files_name_no_namespace_so_they_also_apply_alone_with_kubectl_n()
    {
        foreach (var file in new[] { "grafana-dashboards.yaml", "prometheusrule.yaml" })
        {
            var objects = YamlTree.ParseAll(File.ReadAllText(RepositoryPaths.Of($"{Directory}/{file}")));
            Assert.All(objects, o => Assert.Null(YamlTree.Scalar(o, "metadata/namespace")));
        }
    }

    [Fact]
    public async Task Kubectl_renders_the_same_namespaces_where_it_is_installed()
    {
        var kubectl = ExternalTool.Find("kubectl");
        if (kubectl is null)
        {
            return; // CI without kubectl: the modelled rendering above is the check
        }

        var version = await CommandLine.RunAsync(kubectl, ["version", "--client"]);
        if (!version.Output.Contains("Kustomize Version: v", StringComparison.Ordinal) || version.Output.Contains("Kustomize Version: v2.", StringComparison.Ordinal)
            || version.Output.Contains("Kustomize Version: v3.", StringComparison.Ordinal))
        {
            return; // kustomize before v4 does not know the patches field; Debian 12's kubectl 1.20 carries v2.0.3
        }

        var output = (await CommandLine.RunAsync(kubectl, ["kustomize", RepositoryPaths.Of(Directory)])).EnsureSuccess("kubectl kustomize");
        var real = YamlTree.ParseAll(output.Output[output.Output.IndexOf("apiVersion:", StringComparison.Ordinal)..])
            .ToDictionary(o => (YamlTree.Scalar(o, "kind")!, YamlTree.Scalar(o, "metadata/name")!), o => YamlTree.Scalar(o, "metadata/namespace"));

        Assert.Equal(KustomizeNamespaces.Render(Directory).OrderBy(p => p.Key.ToString(), StringComparer.Ordinal), real.OrderBy(p => p.Key.ToString(), StringComparer.Ordinal));
    }
}
