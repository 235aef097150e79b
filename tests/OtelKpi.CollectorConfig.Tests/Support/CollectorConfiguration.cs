using System.Text.RegularExpressions;

namespace OtelKpi.CollectorConfig.Tests.Support;

/// <summary>One pipeline of <c>service.pipelines</c>.</summary>
/// <param name="Name">Its key, such as <c>metrics</c>.</param>
/// <param name="Receivers">Receiver ids in order.</param>
/// <param name="Processors">Processor ids in order.</param>
/// <param name="Exporters">Exporter ids in order.</param>
internal sealed record CollectorPipeline(string Name, IReadOnlyList<string> Receivers, IReadOnlyList<string> Processors, IReadOnlyList<string> Exporters);

/// <summary>
/// An OpenTelemetry Collector configuration as the collector sees it: one or more files of collector-config/
/// merged in order (as several --config flags are), with the environment variables they reference.
/// </summary>
internal sealed partial class CollectorConfiguration
{
    /// <summary>The component sections of a collector configuration, by kind.</summary>
    public static readonly IReadOnlyList<string> ComponentKinds = ["receivers", "processors", "exporters", "extensions", "connectors"];

    private CollectorConfiguration(IReadOnlyList<string> files, object? tree, IReadOnlySet<string> environmentVariables)
    {
        this.Files = files;
        this.Tree = tree;
        this.EnvironmentVariables = environmentVariables;
    }

    /// <summary>Gets the merged files, relative to the repository root.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Gets the merged YAML tree.</summary>
    public object? Tree { get; }

    /// <summary>Gets the names of every <c>${env:NAME}</c> the files reference.</summary>
    public IReadOnlySet<string> EnvironmentVariables { get; }

    /// <summary>Gets the pipelines of <c>service.pipelines</c>.</summary>
    public IReadOnlyList<CollectorPipeline> Pipelines => YamlTree.Map(this.Tree, "service/pipelines")
        .Select(p => new CollectorPipeline(
            p.Key,
            YamlTree.Strings(p.Value, "receivers"),
            YamlTree.Strings(p.Value, "processors"),
            YamlTree.Strings(p.Value, "exporters")))
        .ToList();

    /// <summary>Gets the extensions <c>service.extensions</c> starts.</summary>
    public IReadOnlyList<string> ServiceExtensions => YamlTree.Strings(this.Tree, "service/extensions");

    /// <summary>Loads and merges files of the repository, later files overriding earlier ones.</summary>
    public static CollectorConfiguration Load(params string[] files)
    {
        object? tree = null;
        var variables = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var text = File.ReadAllText(OtelKpi.Testing.RepositoryPaths.Of(file));
            tree = YamlTree.Merge(tree, YamlTree.Parse(text));
            variables.UnionWith(EnvReference().Matches(text).Select(m => m.Groups[1].Value));
        }

        return new CollectorConfiguration(files, tree, variables);
    }

    /// <summary>The ids defined under a kind's section (<c>receivers</c>, <c>processors</c>, ...).</summary>
    public IReadOnlySet<string> Defined(string kind) =>
        (YamlTree.At(this.Tree, kind) as Dictionary<string, object?>)?.Keys.ToHashSet(StringComparer.Ordinal) ?? [];

    /// <summary>
    /// The configuration of one component, such as <c>processors/resource/identity</c>: the kind, then the id
    /// (which may itself contain a slash). A component written without settings is an empty mapping.
    /// </summary>
    public Dictionary<string, object?> Component(string kindAndId)
    {
        var slash = kindAndId.IndexOf('/', StringComparison.Ordinal);
        var section = YamlTree.Map(this.Tree, kindAndId[..slash]);
        Assert.True(section.TryGetValue(kindAndId[(slash + 1)..], out var settings), $"{kindAndId} is not defined.");
        return settings as Dictionary<string, object?> ?? [];
    }

    /// <summary>The component type of an id: <c>resource/identity</c> is of type <c>resource</c>.</summary>
    public static string TypeOf(string id) => id.Split('/')[0];

    [GeneratedRegex(@"\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}")]
    private static partial Regex EnvReference();
}
