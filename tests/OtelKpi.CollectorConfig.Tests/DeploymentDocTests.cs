using System.Text.RegularExpressions;
using OtelKpi.CollectorConfig.Tests.Support;
using OtelKpi.Testing;

namespace OtelKpi.CollectorConfig.Tests;

/// <summary>docs/deployment.md names real files, and its pod template snippet fits the shipped manifests.</summary>
public partial class DeploymentDocTests
{
    private static readonly string Doc = File.ReadAllText(RepositoryPaths.Of("docs/deployment.md"));

    [Fact]
    public void Every_repository_file_the_guide_names_exists()
    {
        var paths = RepositoryPath().Matches(Doc).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.Contains("deploy/kubernetes/prometheusrule.yaml", paths);
        Assert.Contains("deploy/kubernetes/grafana-dashboards.yaml", paths);
        Assert.All(paths, p => Assert.True(File.Exists(RepositoryPaths.Of(p)) || Directory.Exists(RepositoryPaths.Of(p)), $"{p} does not exist"));
    }

    [Fact]
    public void The_pod_template_snippet_is_selected_and_points_at_the_agent_service()
    {
        var snippet = YamlTree.Parse(YamlBlock().Matches(Doc).Single(m => m.Groups[1].Value.Contains("\nmetadata:", StringComparison.Ordinal)).Groups[1].Value);
        var labels = YamlTree.Map(snippet, "metadata/labels");
        var podMonitorSelector = YamlTree.Map(KubernetesManifests.Get("PodMonitor", "otelkpi-services").Tree, "spec/selector/matchLabels");
        var container = Assert.Single(YamlTree.Maps(snippet, "spec/containers"));
        var environment = KubernetesManifests.Environment(container);
        var agent = KubernetesManifests.Get("Service", "otelkpi-agent");

        Assert.Equal(podMonitorSelector["otelkpi.io/collect"], labels["otelkpi.io/collect"]);
        Assert.Contains("app.kubernetes.io/name", labels.Keys);
        Assert.Equal("metrics", YamlTree.Scalar(Assert.Single(YamlTree.Maps(container, "ports")), "name"));
        Assert.Equal(
            $"http://{agent.Name}.{agent.Namespace}.svc:4317",
            YamlTree.Scalar(environment["OTEL_EXPORTER_OTLP_ENDPOINT"], "value"));
        Assert.Equal(
            YamlTree.Scalar(Assert.Single(YamlTree.Maps(container, "ports")), "containerPort"),
            YamlTree.Scalar(environment["KpiTelemetry__Scrape__Port"], "value"));
    }

    [Fact]
    public void The_mimir_tenant_header_goes_where_the_shipped_remote_write_exporter_keeps_its_http_settings()
    {
        var snippet = YamlTree.Parse(YamlBlock().Matches(Doc).Single(m => m.Groups[1].Value.Contains("X-Scope-OrgID", StringComparison.Ordinal)).Groups[1].Value);
        var gateway = CollectorConfiguration.Load("collector-config/gateway.yaml").Component("exporters/prometheus_remote_write");

        Assert.Equal("${env:MIMIR_TENANT}", YamlTree.Scalar(snippet, "exporters/prometheus_remote_write/http/headers/X-Scope-OrgID"));
        Assert.Equal(YamlTree.Scalar(gateway, "http/endpoint"), YamlTree.Scalar(snippet, "exporters/prometheus_remote_write/http/endpoint"));
    }

    [GeneratedRegex(@"`((?:collector-config|deploy|docs|rules|tools|tests)/[A-Za-z0-9_./-]+)`")]
    private static partial Regex RepositoryPath();

    [GeneratedRegex(@"```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
