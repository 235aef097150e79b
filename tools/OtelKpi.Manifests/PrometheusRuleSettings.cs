using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OtelKpi.Manifests;

/// <summary>
/// rules/src/settings.yml: the one place a deployment configures the generated rule files. The topology labels
/// are the target labels above <c>job</c> that tell services apart (the same job name in two namespaces or
/// clusters is two services); the runbook base is where each alert's runbook_url points.
/// </summary>
internal sealed partial record PrometheusRuleSettings
{
    /// <summary>The settings file, relative to the repository root.</summary>
    public const string SettingsFile = "rules/src/settings.yml";

    /// <summary>Labels that identify a service, or that rules group on, and are therefore no topology label.</summary>
    private static readonly HashSet<string> Reserved = ["job", "instance", "le", "http_route", "slo", "severity", "alertname", "__name__"];

    /// <summary>Gets the labels above <c>job</c>, outermost first, such as cluster and namespace.</summary>
    public IReadOnlyList<string> TopologyLabels { get; init; } = [];

    /// <summary>Gets the address the runbooks are published under; an alert's runbook is this plus &lt;Alert&gt;.md.</summary>
    public string RunbookUrlBase { get; init; } = string.Empty;

    /// <summary>Gets the labels that identify a job's series: the topology labels, then <c>job</c>.</summary>
    public IReadOnlyList<string> JobLabels => [.. this.TopologyLabels, "job"];

    /// <summary>Reads and checks <see cref="SettingsFile"/> under <paramref name="repositoryRoot"/>.</summary>
    public static PrometheusRuleSettings Load(string repositoryRoot) =>
        Parse(File.ReadAllText(Path.Combine(repositoryRoot, SettingsFile.Replace('/', Path.DirectorySeparatorChar))));

    /// <summary>Parses and checks settings text; fails with one message naming the key and what is allowed.</summary>
    public static PrometheusRuleSettings Parse(string yaml)
    {
        SettingsDocument document;
        try
        {
            document = new DeserializerBuilder()
                .WithNamingConvention(UnderscoredNamingConvention.Instance)
                .Build()
                .Deserialize<SettingsDocument>(yaml) ?? new SettingsDocument();
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{SettingsFile}: {e.Message} (allowed keys: topology_labels, runbook_url_base).", e);
        }

        var labels = document.TopologyLabels ?? [];
        foreach (var label in labels)
        {
            if (!LabelName().IsMatch(label) || Reserved.Contains(label))
            {
                throw new InvalidDataException(
                    $"{SettingsFile}: topology_labels has '{label}'; allowed: Prometheus label names other than {string.Join(", ", Reserved.Order(StringComparer.Ordinal))}.");
            }
        }

        if (labels.Distinct(StringComparer.Ordinal).Count() != labels.Count)
        {
            throw new InvalidDataException($"{SettingsFile}: topology_labels lists a label twice; allowed: each label once.");
        }

        var runbooks = document.RunbookUrlBase ?? string.Empty;
        if (!Uri.TryCreate(runbooks, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !runbooks.EndsWith('/'))
        {
            throw new InvalidDataException($"{SettingsFile}: runbook_url_base is '{runbooks}'; allowed: an absolute http(s) URL ending with '/'.");
        }

        return new PrometheusRuleSettings { TopologyLabels = labels, RunbookUrlBase = runbooks };
    }

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();

    /// <summary>The file as written; unknown keys fail.</summary>
    private sealed class SettingsDocument
    {
        public List<string>? TopologyLabels { get; set; }

        public string? RunbookUrlBase { get; set; }
    }
}
