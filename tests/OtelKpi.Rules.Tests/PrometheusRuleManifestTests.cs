using OtelKpi.Manifests;
using OtelKpi.Rules.Tests.Support;
using OtelKpi.Testing;
using YamlDotNet.Serialization;

namespace OtelKpi.Rules.Tests;

/// <summary>
/// deploy/kubernetes/prometheusrule.yaml is generated from rules/*.yml, is up to date, and carries exactly
/// their groups.
/// </summary>
public sealed class PrometheusRuleManifestTests
{
    private static readonly PrometheusRuleManifest Manifest = new();
    private static readonly IDeserializer Yaml = new DeserializerBuilder().Build();

    [Fact]
    public void The_committed_manifest_is_what_the_generator_renders()
    {
        var committed = File.ReadAllText(RepositoryPaths.Of(Manifest.OutputPath));

        Assert.True(
            committed == Manifest.Render(RepositoryPaths.Root),
            $"{Manifest.OutputPath} is stale: run dotnet run --project tools/OtelKpi.Manifests");
        Assert.DoesNotContain(Manifest.OutputPath, GeneratedManifests.Stale(RepositoryPaths.Root));
    }

    [Fact]
    public void The_generator_is_discovered()
    {
        Assert.Contains(GeneratedManifests.All, m => m is PrometheusRuleManifest);
    }

    [Fact]
    public void Its_groups_equal_the_groups_of_the_plain_files_in_order()
    {
        var plain = RuleFiles.Shipped.SelectMany(file => (List<object>)Document(RepositoryPaths.Of(file))["groups"]).ToList();
        var wrapped = (List<object>)((Dictionary<object, object>)Document(RepositoryPaths.Of(Manifest.OutputPath))["spec"])["groups"];

        Assert.Equal(RuleSet.Shipped.Files.Sum(f => f.Groups.Count), wrapped.Count);
        Assert.Equal(plain, wrapped, DeepEquality.Instance);
    }

    [Fact]
    public void It_is_a_prometheus_operator_PrometheusRule()
    {
        var text = File.ReadAllText(RepositoryPaths.Of(Manifest.OutputPath));
        var document = Document(RepositoryPaths.Of(Manifest.OutputPath));
        var metadata = (Dictionary<object, object>)document["metadata"];

        Assert.StartsWith(GeneratedManifests.Header, text, StringComparison.Ordinal);
        Assert.Equal("monitoring.coreos.com/v1", document["apiVersion"]);
        Assert.Equal("PrometheusRule", document["kind"]);
        Assert.Equal("otelkpi-rules", metadata["name"]);
        Assert.Equal(["apiVersion", "kind", "metadata", "spec"], document.Keys.Cast<string>());
    }

    [Fact]
    public void Promtool_accepts_its_groups_as_a_rule_file()
    {
        var spec = (Dictionary<object, object>)Document(RepositoryPaths.Of(Manifest.OutputPath))["spec"];
        var file = Path.Combine(Path.GetTempPath(), $"otelkpi-prometheusrule-{Guid.NewGuid():N}.yml");
        File.WriteAllText(file, new SerializerBuilder().Build().Serialize(new Dictionary<string, object> { ["groups"] = spec["groups"] }));
        try
        {
            var result = Promtool.CheckRules(file);

            Assert.True(result.Succeeded, result.Output);
            Assert.Contains($"SUCCESS: {RuleSet.Shipped.Rules.Count} rules found", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static Dictionary<object, object> Document(string path) => Yaml.Deserialize<Dictionary<object, object>>(File.ReadAllText(path));

    /// <summary>Structural equality of deserialised YAML: mappings, sequences and scalars.</summary>
    private sealed class DeepEquality : IEqualityComparer<object>
    {
        public static readonly DeepEquality Instance = new();

        public new bool Equals(object? x, object? y) => (x, y) switch
        {
            (Dictionary<object, object> a, Dictionary<object, object> b) =>
                a.Count == b.Count && a.All(entry => b.TryGetValue(entry.Key, out var other) && this.Equals(entry.Value, other)),
            (List<object> a, List<object> b) => a.Count == b.Count && a.Zip(b).All(pair => this.Equals(pair.First, pair.Second)),
            _ => object.Equals(x, y),
        };

        public int GetHashCode(object obj) => 0;
    }
}
