using OtelKpi.Testing;

namespace OtelKpi.CollectorConfig.Tests.Support;

/// <summary>One Kubernetes object of a manifest file.</summary>
/// <param name="File">The file, relative to the repository root.</param>
/// <param name="Tree">The parsed object.</param>
internal sealed record KubernetesObject(string File, Dictionary<string, object?> Tree)
{
    /// <summary>Gets the object's kind.</summary>
    public string Kind => YamlTree.Scalar(this.Tree, "kind") ?? string.Empty;

    /// <summary>Gets the object's name.</summary>
    public string Name => YamlTree.Scalar(this.Tree, "metadata/name") ?? string.Empty;

    /// <summary>Gets the object's namespace, or null for cluster-scoped objects.</summary>
    public string? Namespace => YamlTree.Scalar(this.Tree, "metadata/namespace");

    /// <summary>Gets the containers of a workload's pod template.</summary>
    public IReadOnlyList<Dictionary<string, object?>> Containers => YamlTree.Maps(this.Tree, "spec/template/spec/containers");
}

/// <summary>The Kubernetes manifests under deploy/kubernetes that OtelKpi's collector work owns.</summary>
internal static class KubernetesManifests
{
    /// <summary>The manifest files of the collector and direct-scrape paths (not the rules' or dashboards').</summary>
    public static readonly IReadOnlyList<string> Files =
    [
        "deploy/kubernetes/namespace.yaml",
        "deploy/kubernetes/otelkpi-agent.yaml",
        "deploy/kubernetes/otelkpi-agent-config.yaml",
        "deploy/kubernetes/otelkpi-gateway.yaml",
        "deploy/kubernetes/otelkpi-gateway-config.yaml",
        "deploy/kubernetes/podmonitor.yaml",
    ];

    private static readonly Lazy<IReadOnlyList<KubernetesObject>> Loaded = new(() => Files
        .SelectMany(file => YamlTree.ParseAll(File.ReadAllText(RepositoryPaths.Of(file)))
            .Select(doc => new KubernetesObject(file, doc as Dictionary<string, object?> ?? throw new Xunit.Sdk.XunitException($"{file}: a document is not a mapping."))))
        .ToList());

    /// <summary>Gets every object of <see cref="Files"/>.</summary>
    public static IReadOnlyList<KubernetesObject> Objects => Loaded.Value;

    /// <summary>The single object of a kind and name.</summary>
    public static KubernetesObject Get(string kind, string name) =>
        Assert.Single(Objects, o => o.Kind == kind && o.Name == name);

    /// <summary>The data of a ConfigMap.</summary>
    public static IReadOnlyDictionary<string, string> ConfigMapData(string name) =>
        YamlTree.Map(Get("ConfigMap", name).Tree, "data").ToDictionary(d => d.Key, d => d.Value as string ?? string.Empty, StringComparer.Ordinal);

    /// <summary>
    /// The collector configuration a workload runs: its --config files, read from the ConfigMap mounted at
    /// their directory, resolved back to the collector-config/ files the ConfigMap was generated from.
    /// </summary>
    public static CollectorConfiguration CollectorConfigurationOf(KubernetesObject workload)
    {
        var container = Assert.Single(workload.Containers);
        var mounts = YamlTree.Maps(container, "volumeMounts").ToDictionary(m => YamlTree.Scalar(m, "mountPath")!, m => YamlTree.Scalar(m, "name")!);
        var volumes = YamlTree.Maps(workload.Tree, "spec/template/spec/volumes").ToDictionary(v => YamlTree.Scalar(v, "name")!, v => YamlTree.Scalar(v, "configMap/name"));
        var files = new List<string>();
        foreach (var argument in YamlTree.Strings(container, "args").Where(a => a.StartsWith("--config=", StringComparison.Ordinal)))
        {
            var path = argument["--config=".Length..];
            var directory = Path.GetDirectoryName(path)!.Replace('\\', '/');
            Assert.True(mounts.TryGetValue(directory, out var volume), $"{workload.Name}: {path} is not on a mounted volume.");
            var configMap = volumes[volume!] ?? throw new Xunit.Sdk.XunitException($"{workload.Name}: volume {volume} is not a ConfigMap.");
            var key = Path.GetFileName(path);
            Assert.True(ConfigMapData(configMap).ContainsKey(key), $"{workload.Name}: ConfigMap {configMap} has no key {key}.");
            files.Add("collector-config/" + key);
        }

        Assert.NotEmpty(files);
        return CollectorConfiguration.Load([.. files]);
    }

    /// <summary>The environment variables a container sets, by name.</summary>
    public static IReadOnlyDictionary<string, Dictionary<string, object?>> Environment(Dictionary<string, object?> container) =>
        YamlTree.Maps(container, "env").ToDictionary(e => YamlTree.Scalar(e, "name")!, e => e, StringComparer.Ordinal);
}
