using System.Globalization;
using System.Text.RegularExpressions;

namespace OtelKpi.Testing;

/// <summary>One metric family of docs/metrics.md.</summary>
/// <param name="Name">The family name, as in a TYPE line.</param>
/// <param name="Type">counter, gauge or histogram.</param>
/// <param name="RequiredLabels">Labels every series carries.</param>
/// <param name="OptionalLabels">Labels only some series carry (marked with '?').</param>
/// <param name="Instrument">The OpenTelemetry instrument name.</param>
public sealed record ContractFamily(
    string Name,
    string Type,
    IReadOnlySet<string> RequiredLabels,
    IReadOnlySet<string> OptionalLabels,
    string Instrument)
{
    /// <summary>Every label the family may carry.</summary>
    public IReadOnlySet<string> AllLabels => this.RequiredLabels.Concat(this.OptionalLabels).ToHashSet();

    /// <summary>The series names a scrape shows for this family: one, or _bucket/_sum/_count for a histogram.</summary>
    public IEnumerable<string> SeriesNames => this.Type == "histogram"
        ? [this.Name + "_bucket", this.Name + "_sum", this.Name + "_count"]
        : [this.Name];
}

/// <summary>
/// The metric contract parsed from docs/metrics.md: the single source that scrapes, rules, dashboards
/// and collector translation are compared with.
/// </summary>
public sealed partial class MetricContract
{
    private const string PresenceSection = "Where resource series come from";

    private MetricContract(IReadOnlyList<ContractFamily> families, IReadOnlyList<double> buckets, IReadOnlySet<string> ownResourceFamilies)
    {
        this.Families = families;
        this.Buckets = buckets;
        this.OwnResourceFamilies = ownResourceFamilies;
    }

    /// <summary>
    /// The families exported only where the process has a cgroup or network namespace of its own (the rows of
    /// "Where resource series come from" that are not "always"): a scrape elsewhere lacks them.
    /// </summary>
    public IReadOnlySet<string> OwnResourceFamilies { get; }

    /// <summary>Labels Prometheus adds to every scraped series.</summary>
    public static IReadOnlySet<string> TargetLabels { get; } = new HashSet<string> { "job", "instance" };

    /// <summary>The documented families, in document order.</summary>
    public IReadOnlyList<ContractFamily> Families { get; }

    /// <summary>The documented latency bucket boundaries in seconds, ascending, without +Inf.</summary>
    public IReadOnlyList<double> Buckets { get; }

    /// <summary>Family by name.</summary>
    public ContractFamily this[string name] => this.Families.Single(f => f.Name == name);

    /// <summary>Every series name any documented family produces.</summary>
    public IReadOnlySet<string> SeriesNames => this.Families.SelectMany(f => f.SeriesNames).ToHashSet();

    /// <summary>The family a series name belongs to, or null.</summary>
    public ContractFamily? FamilyOfSeries(string seriesName) =>
        this.Families.FirstOrDefault(f => f.SeriesNames.Contains(seriesName));

    /// <summary>Every label a series name may carry (its family's labels, <c>le</c> for buckets, job and instance).</summary>
    public IReadOnlySet<string> LabelsOfSeries(string seriesName)
    {
        var family = this.FamilyOfSeries(seriesName) ?? throw new ArgumentException($"{seriesName} is not in the contract.", nameof(seriesName));
        var labels = family.AllLabels.Concat(TargetLabels).ToHashSet();
        if (seriesName.EndsWith("_bucket", StringComparison.Ordinal))
        {
            labels.Add("le");
        }

        return labels;
    }

    /// <summary>Loads docs/metrics.md of this repository.</summary>
    public static MetricContract Load() => Parse(File.ReadAllText(RepositoryPaths.Of("docs/metrics.md")));

    /// <summary>Parses the contract's markdown.</summary>
    public static MetricContract Parse(string markdown)
    {
        var families = new List<ContractFamily>();
        var buckets = new List<double>();
        var ownResourceFamilies = new HashSet<string>();
        string? section = null;
        foreach (var line in markdown.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = line[3..].Trim();
                continue;
            }

            if (!line.StartsWith("| `", StringComparison.Ordinal) && !(section == "Buckets" && BucketRow().IsMatch(line)))
            {
                continue;
            }

            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (section == "Families")
            {
                var labels = LabelCell().Matches(cells[2]);
                families.Add(new ContractFamily(
                    cells[0].Trim('`'),
                    cells[1],
                    labels.Where(m => m.Groups[2].Value.Length == 0).Select(m => m.Groups[1].Value).ToHashSet(),
                    labels.Where(m => m.Groups[2].Value.Length == 1).Select(m => m.Groups[1].Value).ToHashSet(),
                    InstrumentCell().Match(cells[3]).Groups[1].Value));
            }
            else if (section == "Buckets")
            {
                buckets.Add(double.Parse(cells[0], NumberStyles.Float, CultureInfo.InvariantCulture));
            }
            else if (section == PresenceSection && !cells[1].StartsWith("always", StringComparison.Ordinal))
            {
                ownResourceFamilies.UnionWith(InstrumentCell().Matches(cells[0]).Select(m => m.Groups[1].Value));
            }
        }

        if (families.Count == 0 || buckets.Count == 0)
        {
            throw new FormatException("docs/metrics.md has no Families table or no Buckets table.");
        }

        return new MetricContract(families, buckets, ownResourceFamilies);
    }

    [GeneratedRegex(@"`([a-z_]+)`(\??)")]
    private static partial Regex LabelCell();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex InstrumentCell();

    [GeneratedRegex(@"^\| [0-9.]+ \|$")]
    private static partial Regex BucketRow();
}
