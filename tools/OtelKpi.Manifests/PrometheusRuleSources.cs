namespace OtelKpi.Manifests;

/// <summary>
/// The plain Prometheus rule files OtelKpi ships: every <c>*.yml</c> directly in <c>rules/</c>, in ordinal
/// order, each rendered from the template of the same name in <c>rules/src/</c> with
/// <c>rules/src/settings.yml</c>. Examples (<c>rules/examples/</c>) and promtool tests (<c>rules/tests/</c>) are
/// not shipped rules.
/// </summary>
internal static class PrometheusRuleSources
{
    /// <summary>The folder of the shipped rule files, relative to the repository root.</summary>
    public const string Folder = "rules";

    /// <summary>The folder of their templates, relative to the repository root.</summary>
    public const string TemplateFolder = "rules/src";

    /// <summary>The file names of the templates (and so of the shipped files), in ordinal order.</summary>
    public static IReadOnlyList<string> Names(string repositoryRoot) =>
        Directory.GetFiles(Path.Combine(repositoryRoot, TemplateFolder.Replace('/', Path.DirectorySeparatorChar)), "otelkpi-*.yml", SearchOption.TopDirectoryOnly)
            .Select(path => Path.GetFileName(path))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Full paths of the shipped rule files under <paramref name="repositoryRoot"/>.</summary>
    public static IReadOnlyList<string> Files(string repositoryRoot) =>
        Names(repositoryRoot).Select(name => Path.Combine(repositoryRoot, Folder, name)).ToList();

    /// <summary>The rule file <paramref name="name"/> as its template and the settings render it.</summary>
    public static string Render(string repositoryRoot, string name, double forScale = 1) =>
        Render(repositoryRoot, name, PrometheusRuleSettings.Load(repositoryRoot), forScale);

    /// <summary>The rule file <paramref name="name"/> rendered with <paramref name="settings"/>.</summary>
    public static string Render(string repositoryRoot, string name, PrometheusRuleSettings settings, double forScale = 1)
    {
        var template = File.ReadAllText(Path.Combine(repositoryRoot, TemplateFolder.Replace('/', Path.DirectorySeparatorChar), name)).ReplaceLineEndings("\n");
        return PrometheusRuleTemplate.Render(template, settings, $"{TemplateFolder}/{name}", forScale);
    }
}
