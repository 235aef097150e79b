using System.Text.RegularExpressions;
using OtelKpi.Rules.Tests.Support;

namespace OtelKpi.Rules.Tests;

/// <summary>
/// Every recording rule and alert keeps the topology labels: every label list that names job names them too,
/// so an aggregation never merges two namespaces' or clusters' series of one job name, and a vector match never
/// pairs them.
/// </summary>
public sealed partial class TopologyTests
{
    [Fact]
    public void Every_by_and_on_list_with_job_has_the_topology_labels_before_it()
    {
        var lists = LabelListsOf(RuleSet.Shipped.Rules).ToList();

        Assert.True(lists.Count > 150, $"only {lists.Count} label lists found: the pattern no longer reads the rules.");
        Assert.All(lists.Where(l => l.Contains("job")), list => Assert.Equal(Topology.JobLabels, list.Take(Topology.JobLabels.Count)));
    }

    [Fact]
    public void Every_aggregation_keeps_job_or_aggregates_to_a_single_series()
    {
        // by (...) without job would merge services; the only exceptions are whole-Prometheus aggregates such
        // as max(:otelkpi_rule_evaluation_interval:seconds), written without by.
        var withoutJob = RuleSet.Shipped.Rules
            .SelectMany(r => ByList().Matches(r.Expr).Select(m => (Rule: r, Labels: m.Groups[1].Value)))
            .Where(x => !x.Labels.Split(',', StringSplitOptions.TrimEntries).Contains("job"))
            .Select(x => $"{x.Rule}: by ({x.Labels})")
            .ToList();

        Assert.Empty(withoutJob);
    }

    /// <summary>
    /// The label lists of by (...) and on (...) in the expressions of <paramref name="rules"/>, except the
    /// objectives' match with a user's override, which is per job name on purpose: an override applies to the job
    /// in every namespace and cluster (docs/rules.md).
    /// </summary>
    internal static IEnumerable<IReadOnlyList<string>> LabelListsOf(IEnumerable<Rule> rules) =>
        rules.SelectMany(r => LabelList().Matches(OverrideMatch().Replace(r.Expr, string.Empty)))
            .Select(m => (IReadOnlyList<string>)m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex(@"\* on \(job\) group_left \(\) max by \(job\) \(otelkpi:[a-z_]+:override\)")]
    private static partial Regex OverrideMatch();

    [GeneratedRegex(@"\b(?:by|on) \(([^)]*)\)")]
    private static partial Regex LabelList();

    [GeneratedRegex(@"\bby \(([^)]*)\)")]
    private static partial Regex ByList();
}
