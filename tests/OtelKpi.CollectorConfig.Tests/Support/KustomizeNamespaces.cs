using OtelKpi.Testing;

namespace OtelKpi.CollectorConfig.Tests.Support;

/// <summary>
/// Where <c>kubectl apply -k</c> puts each object of a kustomization, by kustomize's rules for the features
/// deploy/kubernetes/kustomization.yaml uses: <c>resources</c> (files), the <c>namespace</c> field (sets every
/// namespaced object's namespace), and <c>patches</c> whose target selects by group, version, kind, name and
/// label selector and whose JSON 6902 patch adds or replaces <c>/metadata/namespace</c>. Anything else in the
/// file (other fields, other patch operations, bases, generators) fails the rendering rather than being ignored.
/// </summary>
internal static class KustomizeNamespaces
{
    private static readonly HashSet<string> KnownFields = ["apiVersion", "kind", "resources", "namespace", "patches"];
    private static readonly HashSet<string> ClusterScoped = ["Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition"];

    /// <summary>The namespace of every object, by kind and name; null for cluster-scoped objects.</summary>
    public static IReadOnlyDictionary<(string Kind, string Name), string?> Render(string directory)
    {
        var kustomization = (Dictionary<string, object?>)YamlTree.Parse(File.ReadAllText(RepositoryPaths.Of(directory + "/kustomization.yaml")))!;
        var unknown = kustomization.Keys.Except(KnownFields).ToList();
        Assert.True(unknown.Count == 0, $"The kustomization uses {string.Join(", ", unknown)}, which this rendering does not model.");

        var objects = YamlTree.Strings(kustomization, "resources")
            .SelectMany(file => YamlTree.ParseAll(File.ReadAllText(RepositoryPaths.Of($"{directory}/{file}"))))
            .Select(o => (Dictionary<string, object?>)o!)
            .ToList();
        var ns = YamlTree.Scalar(kustomization, "namespace");
        var result = new Dictionary<(string, string), string?>();
        foreach (var item in objects)
        {
            var kind = YamlTree.Scalar(item, "kind")!;
            var namespaced = !ClusterScoped.Contains(kind);
            var current = namespaced ? ns ?? YamlTree.Scalar(item, "metadata/namespace") : null;
            foreach (var patch in YamlTree.Maps(kustomization, "patches").Where(p => Selects(YamlTree.Map(p, "target"), item)))
            {
                foreach (var op in YamlTree.ParseAll(YamlTree.Scalar(patch, "patch")!).SelectMany(d => (List<object?>)d!).Cast<Dictionary<string, object?>>())
                {
                    Assert.True(
                        YamlTree.Scalar(op, "op") is "add" or "replace" && YamlTree.Scalar(op, "path") == "/metadata/namespace",
                        $"A patch operation this rendering does not model: {YamlTree.Scalar(op, "op")} {YamlTree.Scalar(op, "path")}");
                    Assert.True(namespaced, $"A namespace patch on the cluster-scoped {kind}");
                    current = YamlTree.Scalar(op, "value");
                }
            }

            Assert.True(result.TryAdd((kind, YamlTree.Scalar(item, "metadata/name")!), current), $"{kind} {YamlTree.Scalar(item, "metadata/name")} appears twice");
        }

        return result;
    }

    // A patch target selects an object when every field it names matches (kustomize's resource selector).
    private static bool Selects(Dictionary<string, object?> target, Dictionary<string, object?> item)
    {
        var apiVersion = YamlTree.Scalar(item, "apiVersion")!;
        var (group, version) = apiVersion.Contains('/', StringComparison.Ordinal) ? (apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)], apiVersion[(apiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..]) : ("", apiVersion);
        foreach (var (field, value) in target.Select(t => (t.Key, t.Value as string)))
        {
            var matches = field switch
            {
                "group" => value == group,
                "version" => value == version,
                "kind" => value == YamlTree.Scalar(item, "kind"),
                "name" => value == YamlTree.Scalar(item, "metadata/name"),
                "labelSelector" => value!.Split(',').All(s => s.Split('=', 2) is [var k, var v] && YamlTree.Scalar(item, $"metadata/labels/{k}") == v),
                _ => throw new Xunit.Sdk.XunitException($"A patch target field this rendering does not model: {field}"),
            };
            if (!matches)
            {
                return false;
            }
        }

        return true;
    }
}
