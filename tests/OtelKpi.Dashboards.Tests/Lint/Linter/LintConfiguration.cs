using OtelKpi.Testing;
using YamlDotNet.Serialization;

namespace OtelKpi.Dashboards.Tests.Lint.Linter;

/// <summary>
/// grafana/dashboard-linter's configuration file (<c>.lint</c> next to the dashboards): per rule, the findings
/// that are excluded, each entry matching a dashboard title, a panel title and a target index (an empty field
/// matches anything), with the reason written next to it. A rule listed without entries is excluded entirely.
/// </summary>
public sealed class LintConfiguration
{
    /// <summary>The shipped file.</summary>
    public const string Path = "dashboards/.lint";

    /// <summary>Gets the exclusions by rule name.</summary>
    public IReadOnlyDictionary<string, LintExclusion> Exclusions { get; private init; } = new Dictionary<string, LintExclusion>();

    /// <summary>Reads the shipped file.</summary>
    public static LintConfiguration Load() => Parse(File.ReadAllText(RepositoryPaths.Of(Path)));

    /// <summary>Parses configuration YAML.</summary>
    public static LintConfiguration Parse(string yaml)
    {
        var file = new DeserializerBuilder().Build().Deserialize<FileModel>(yaml) ?? new FileModel();
        return new LintConfiguration
        {
            Exclusions = (file.Exclusions ?? []).ToDictionary(
                e => e.Key,
                e => new LintExclusion(
                    e.Value?.Reason,
                    (e.Value?.Entries ?? []).Select(x => new LintExclusionEntry(x.Dashboard, x.Panel, x.TargetIdx, x.Reason)).ToList())),
        };
    }

    /// <summary>The exclusion entry that covers <paramref name="finding"/>, a rule-wide one included, or null.</summary>
    public LintExclusionEntry? Covering(LintFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (!this.Exclusions.TryGetValue(finding.Rule, out var exclusion))
        {
            return null;
        }

        return exclusion.Entries.Count == 0
            ? new LintExclusionEntry(null, null, null, exclusion.Reason)
            : exclusion.Entries.FirstOrDefault(e => e.Matches(finding));
    }

    private sealed class FileModel
    {
        [YamlMember(Alias = "exclusions")]
        public Dictionary<string, RuleModel?>? Exclusions { get; set; }
    }

    private sealed class RuleModel
    {
        [YamlMember(Alias = "reason")]
        public string? Reason { get; set; }

        [YamlMember(Alias = "entries")]
        public List<EntryModel>? Entries { get; set; }
    }

    private sealed class EntryModel
    {
        [YamlMember(Alias = "reason")]
        public string? Reason { get; set; }

        [YamlMember(Alias = "dashboard")]
        public string? Dashboard { get; set; }

        [YamlMember(Alias = "panel")]
        public string? Panel { get; set; }

        [YamlMember(Alias = "targetIdx")]
        public string? TargetIdx { get; set; }
    }
}

/// <summary>The exclusions of one rule.</summary>
/// <param name="Reason">Why, for the whole rule.</param>
/// <param name="Entries">The excluded findings; none means every finding of the rule.</param>
public sealed record LintExclusion(string? Reason, IReadOnlyList<LintExclusionEntry> Entries);

/// <summary>One excluded finding, matched exactly as grafana/dashboard-linter matches it.</summary>
/// <param name="Dashboard">Dashboard title, or null for any.</param>
/// <param name="Panel">Panel title, or null for any.</param>
/// <param name="TargetIdx">Target index as text, or null for any.</param>
/// <param name="Reason">Why.</param>
public sealed record LintExclusionEntry(string? Dashboard, string? Panel, string? TargetIdx, string? Reason)
{
    /// <summary>True when the entry covers <paramref name="finding"/>.</summary>
    public bool Matches(LintFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return (string.IsNullOrEmpty(this.Dashboard) || this.Dashboard == finding.Dashboard)
            && (string.IsNullOrEmpty(this.Panel) || finding.Panel is null || this.Panel == finding.Panel)
            && (string.IsNullOrEmpty(this.TargetIdx) || finding.TargetIndex is null
                || !int.TryParse(this.TargetIdx, out var index) || index == finding.TargetIndex);
    }
}
