using YamlDotNet.RepresentationModel;

namespace OtelKpi.CollectorConfig.Tests.Support;

/// <summary>
/// YAML documents as plain trees: mappings become <see cref="Dictionary{TKey, TValue}"/> of string to node,
/// sequences become lists and scalars stay strings, exactly as written (no type guessing).
/// </summary>
internal static class YamlTree
{
    /// <summary>Parses a single-document YAML text; fails on syntax errors and on more than one document.</summary>
    public static object? Parse(string yaml) => Assert.Single(ParseAll(yaml));

    /// <summary>Parses every document of a multi-document YAML text (Kubernetes manifests).</summary>
    public static IReadOnlyList<object?> ParseAll(string yaml)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(yaml);
        stream.Load(reader);
        return stream.Documents.Select(d => Convert(d.RootNode)).Where(d => d is not null).ToList();
    }

    /// <summary>The child at a slash-separated path of mapping keys, or null when any step is missing.</summary>
    public static object? At(object? node, string path)
    {
        foreach (var key in path.Split('/'))
        {
            if (node is not Dictionary<string, object?> map || !map.TryGetValue(key, out node))
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>The mapping at <paramref name="path"/>; fails when it is missing or not a mapping.</summary>
    public static Dictionary<string, object?> Map(object? node, string path) =>
        At(node, path) as Dictionary<string, object?> ?? throw new Xunit.Sdk.XunitException($"No mapping at {path}.");

    /// <summary>The scalar at <paramref name="path"/>, or null.</summary>
    public static string? Scalar(object? node, string path) => At(node, path) as string;

    /// <summary>The sequence of scalars at <paramref name="path"/>; empty when missing.</summary>
    public static IReadOnlyList<string> Strings(object? node, string path) =>
        (At(node, path) as List<object?> ?? []).Select(i => i as string ?? throw new Xunit.Sdk.XunitException($"{path} holds a non-scalar.")).ToList();

    /// <summary>The sequence of mappings at <paramref name="path"/>; empty when missing.</summary>
    public static IReadOnlyList<Dictionary<string, object?>> Maps(object? node, string path) =>
        (At(node, path) as List<object?> ?? []).Select(i => i as Dictionary<string, object?> ?? throw new Xunit.Sdk.XunitException($"{path} holds a non-mapping.")).ToList();

    /// <summary>
    /// Merges <paramref name="overlay"/> into <paramref name="baseTree"/> the way the collector merges several
    /// --config files: mappings merge key by key, everything else (scalars and lists) is replaced.
    /// </summary>
    public static object? Merge(object? baseTree, object? overlay)
    {
        if (baseTree is Dictionary<string, object?> baseMap && overlay is Dictionary<string, object?> overlayMap)
        {
            var merged = new Dictionary<string, object?>(baseMap, StringComparer.Ordinal);
            foreach (var (key, value) in overlayMap)
            {
                merged[key] = merged.TryGetValue(key, out var existing) ? Merge(existing, value) : value;
            }

            return merged;
        }

        return overlay;
    }

    private static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => mapping.Children.ToDictionary(
            pair => ((YamlScalarNode)pair.Key).Value ?? string.Empty,
            pair => Convert(pair.Value),
            StringComparer.Ordinal),
        YamlSequenceNode sequence => sequence.Children.Select(Convert).ToList(),
        YamlScalarNode scalar => scalar.Value is "" or "~" or "null" && scalar.Style == YamlDotNet.Core.ScalarStyle.Plain ? null : scalar.Value,
        _ => throw new NotSupportedException($"YAML node {node.NodeType} at {node.Start}"),
    };
}
