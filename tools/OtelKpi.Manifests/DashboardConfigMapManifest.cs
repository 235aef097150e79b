using System.Text;

namespace OtelKpi.Manifests;

/// <summary>
/// deploy/kubernetes/grafana-dashboards.yaml: one ConfigMap per file of dashboards/, labelled
/// <c>grafana_dashboard: "1"</c> so that the Grafana Helm chart's dashboard sidecar loads it. One ConfigMap per
/// dashboard keeps each well under the 256 KiB that <c>kubectl apply</c> can store in its annotation.
/// </summary>
internal sealed class DashboardConfigMapManifest : IGeneratedManifest
{
    /// <summary>The folder the Helm chart's sidecar puts the dashboards in, when it reads the folder annotation.</summary>
    public const string Folder = "OtelKpi";

    /// <inheritdoc/>
    public string OutputPath => "deploy/kubernetes/grafana-dashboards.yaml";

    /// <summary>The ConfigMap name for a dashboard file: <c>otelkpi-dashboard-service-kpi</c> for service-kpi.json.</summary>
    public static string ConfigMapName(string fileName) => "otelkpi-dashboard-" + Path.GetFileNameWithoutExtension(fileName);

    /// <summary>The dashboard files, by name, in a stable order.</summary>
    public static IReadOnlyList<string> DashboardFiles(string repositoryRoot) =>
        Directory.GetFiles(Path.Combine(repositoryRoot, "dashboards"), "*.json")
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .ToList()!;

    /// <inheritdoc/>
    public string Render(string repositoryRoot)
    {
        var yaml = new StringBuilder(GeneratedManifests.Header);
        yaml.Append("# The OtelKpi Grafana dashboards for the Grafana Helm chart's sidecar (sidecar.dashboards.enabled: true).\n");
        yaml.Append("# Apply in the namespace the sidecar watches: kubectl apply -n <grafana namespace> -f grafana-dashboards.yaml\n");
        foreach (var file in DashboardFiles(repositoryRoot))
        {
            var json = File.ReadAllText(Path.Combine(repositoryRoot, "dashboards", file)).ReplaceLineEndings("\n");
            yaml.Append("---\n");
            yaml.Append("apiVersion: v1\n");
            yaml.Append("kind: ConfigMap\n");
            yaml.Append("metadata:\n");
            yaml.Append("  name: ").Append(ConfigMapName(file)).Append('\n');
            yaml.Append("  labels:\n");
            yaml.Append("    grafana_dashboard: \"1\"\n");
            yaml.Append("    app.kubernetes.io/part-of: otelkpi\n");
            yaml.Append("  annotations:\n");
            yaml.Append("    grafana_folder: ").Append(Folder).Append('\n');
            yaml.Append("data:\n");
            yaml.Append("  ").Append(file).Append(": |\n");
            foreach (var line in json.TrimEnd('\n').Split('\n'))
            {
                yaml.Append(line.Length == 0 ? "" : "    " + line).Append('\n');
            }
        }

        return yaml.ToString();
    }
}
