using OtelKpi.Manifests;
using OtelKpi.Testing;

namespace OtelKpi.Rules.Tests.Support;

/// <summary>The rule files of the repository, as paths relative to its root.</summary>
public static class RuleFiles
{
    /// <summary>The shipped rule files: rules/*.yml, the same list the PrometheusRule manifest is made of.</summary>
    public static IReadOnlyList<string> Shipped { get; } = PrometheusRuleSources.Files(RepositoryPaths.Root).Select(Relative).ToList();

    /// <summary>Example rule files for users to copy: rules/examples/*.yml.</summary>
    public static IReadOnlyList<string> Examples { get; } = Under("rules/examples");

    /// <summary>promtool unit test files: rules/tests/*.yml.</summary>
    public static IReadOnlyList<string> Tests { get; } = Under("rules/tests");

    /// <summary>Every rule file promtool must accept: shipped and examples.</summary>
    public static IEnumerable<string> AllRuleFiles => Shipped.Concat(Examples);

    /// <summary>The per-job override example.</summary>
    public const string OverridesExample = "rules/examples/overrides.yml";

    private static List<string> Under(string folder) =>
        Directory.GetFiles(RepositoryPaths.Of(folder), "*.yml")
            .Select(Relative)
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();

    private static string Relative(string fullPath) =>
        Path.GetRelativePath(RepositoryPaths.Root, fullPath).Replace(Path.DirectorySeparatorChar, '/');
}
