using OtelKpi.Manifests;
using OtelKpi.Testing;
using YamlDotNet.RepresentationModel;

namespace OtelKpi.Dashboards.Tests.Provisioning;

/// <summary>
/// The two other ways to install the dashboards: Grafana file provisioning (the provider file) and the
/// Helm chart's sidecar (the generated ConfigMaps), which must carry the JSON files byte for byte.
/// </summary>
public class ProvisioningTests
{
    private const string ConfigMapPath = "deploy/kubernetes/grafana-dashboards.yaml";

    [Fact]
    public void The_provider_file_provisions_the_folder_of_dashboard_files_read_only()
    {
        var root = LoadYaml("dashboards/provisioning/otelkpi.yaml").Single();

        Assert.Equal("1", Scalar(root, "apiVersion"));
        var provider = Assert.Single(((YamlSequenceNode)root.Children["providers"]).Children.Cast<YamlMappingNode>());
        Assert.Equal("otelkpi", Scalar(provider, "name"));
        Assert.Equal("file", Scalar(provider, "type"));
        Assert.Equal(DashboardConfigMapManifest.Folder, Scalar(provider, "folder"));
        Assert.Equal("false", Scalar(provider, "allowUiUpdates"));
        var options = (YamlMappingNode)provider.Children["options"];
        Assert.Equal("/var/lib/grafana/dashboards/otelkpi", Scalar(options, "path"));
        Assert.Contains("/var/lib/grafana/dashboards/otelkpi", File.ReadAllText(RepositoryPaths.Of("docs/dashboards.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_configmap_manifest_is_up_to_date()
    {
        Assert.DoesNotContain(ConfigMapPath, GeneratedManifests.Stale(RepositoryPaths.Root));
    }

    [Fact]
    public void Each_dashboard_file_is_one_sidecar_configmap_carrying_it_byte_for_byte()
    {
        var text = File.ReadAllText(RepositoryPaths.Of(ConfigMapPath));
        Assert.StartsWith(GeneratedManifests.Header, text, StringComparison.Ordinal);
        var configMaps = LoadYaml(ConfigMapPath).ToList();
        var files = DashboardFiles.FileNames.ToList();

        Assert.Equal(files.Count, configMaps.Count);
        foreach (var (file, configMap) in files.Order(StringComparer.Ordinal).Zip(configMaps))
        {
            Assert.Equal("v1", Scalar(configMap, "apiVersion"));
            Assert.Equal("ConfigMap", Scalar(configMap, "kind"));
            var metadata = (YamlMappingNode)configMap.Children["metadata"];
            Assert.Equal("otelkpi-dashboard-" + Path.GetFileNameWithoutExtension(file), Scalar(metadata, "name"));
            Assert.Equal("1", Scalar((YamlMappingNode)metadata.Children["labels"], "grafana_dashboard"));
            var data = Assert.Single(((YamlMappingNode)configMap.Children["data"]).Children);
            Assert.Equal(file, ((YamlScalarNode)data.Key).Value);
            Assert.Equal(File.ReadAllText(DashboardFiles.PathOf(file)), ((YamlScalarNode)data.Value).Value);
            Assert.True(((YamlScalarNode)data.Value).Value!.Length < 256 * 1024, $"{file} is too large for kubectl apply's annotation");
        }
    }

    private static IEnumerable<YamlMappingNode> LoadYaml(string path)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(RepositoryPaths.Of(path)));
        stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode);
    }

    private static string? Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[key]).Value;
}
