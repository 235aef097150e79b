namespace OtelKpi.Manifests;

/// <summary>
/// The plain Prometheus rule files OtelKpi ships: every <c>*.yml</c> directly in <c>rules/</c>, in ordinal
/// order. Examples (<c>rules/examples/</c>) and promtool tests (<c>rules/tests/</c>) are not shipped rules.
/// </summary>
internal static class PrometheusRuleSources
{
    /// <summary>The folder of the shipped rule files, relative to the repository root.</summary>
    public const string Folder = "rules";

    /// <summary>Full paths of the shipped rule files under <paramref name="repositoryRoot"/>.</summary>
    public static IReadOnlyList<string> Files(string repositoryRoot) =>
        Directory.GetFiles(Path.Combine(repositoryRoot, Folder), "*.yml", SearchOption.TopDirectoryOnly)
            .OrderBy(path => Path.GetFileName(path), StringComparer.Ordinal)
            .ToList();
}
