namespace OtelKpi.Manifests;

/// <summary>One shipped rule file, rules/&lt;name&gt;, rendered from rules/src/&lt;name&gt; and the settings.</summary>
/// <param name="name">The file name, the same in rules/ and rules/src/.</param>
internal abstract class PrometheusRuleFileManifest(string name) : IGeneratedManifest
{
    /// <summary>Gets the file name.</summary>
    public string Name { get; } = name;

    /// <inheritdoc />
    public string OutputPath => $"{PrometheusRuleSources.Folder}/{this.Name}";

    /// <inheritdoc />
    public string Render(string repositoryRoot) => PrometheusRuleSources.Render(repositoryRoot, this.Name);
}
