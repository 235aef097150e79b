using System.Text.RegularExpressions;
using OtelKpi.Testing;
using OtelKpi.Testing.PromQl;

namespace OtelKpi.Dashboards.Tests.Lint;

/// <summary>
/// Every metric and label a dashboard uses is in docs/metrics.md, except the rule-produced series (which
/// must exist in rules/), ALERTS, and the documented cAdvisor and kube-state-metrics set, so that a rename
/// breaks this test and never a user's dashboard.
/// </summary>
public partial class MetricContractUseTests
{
    private static readonly MetricContract Contract = MetricContract.Load();
    private static readonly HashSet<string> AlertLabels = ["alertname", "alertstate", "job", "severity"];

    public static TheoryData<string> Queries => new(QueryCatalog.ExpressionsAndVariableSelectors.Select(q => q.ToString()));

    [Theory]
    [MemberData(nameof(Queries))]
    public void Every_metric_and_matcher_label_is_in_the_contract_or_a_documented_exception(string where)
    {
        var query = QueryConventionTests.Find(where);
        foreach (var selector in PromQlExpression.Parse(query.Expression, PromQlDialect.Grafana).Selectors)
        {
            var allowed = AllowedLabels(selector.Metric!, query);
            Assert.True(allowed is not null, $"{selector.Metric} is not in docs/metrics.md and is no documented exception");
            var unknown = selector.Matchers.Select(m => m.Label).Where(l => !allowed!.Contains(l)).ToList();
            Assert.True(unknown.Count == 0, $"{selector.Metric} has no label {string.Join(", ", unknown)} in the contract");
        }
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Every_grouping_and_relabelled_label_belongs_to_a_selected_series(string where)
    {
        var query = QueryConventionTests.Find(where);
        var scan = PromQlExpression.Parse(query.Expression, PromQlDialect.Grafana);
        var available = scan.Selectors.SelectMany(s => AllowedLabels(s.Metric!, query) ?? new HashSet<string>()).ToHashSet();
        Assert.All(scan.GroupingLabels, l => Assert.Contains(l, available));
        Assert.All(scan.LabelReplaceLabels, l => Assert.Contains(l, available));
    }

    [Fact]
    public void Every_rule_series_a_dashboard_draws_is_recorded_by_the_shipped_rules()
    {
        var recorded = Directory.GetFiles(RepositoryPaths.Of("rules"), "*.yml")
            .SelectMany(f => RecordLine().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet();
        var drawn = QueryCatalog.Expressions
            .SelectMany(q => PromQlExpression.Parse(q.Expression, PromQlDialect.Grafana).Selectors)
            .Select(s => s.Metric!)
            .Where(QueryConventionTests.IsRuleOutput)
            .ToHashSet();

        Assert.Equal(AgreedNames.ReferenceSeries.Keys.Concat(AgreedNames.RecordedKpis).Order(), drawn.Order());
        Assert.All(drawn, name => Assert.Contains(name, recorded));
    }

    [Fact]
    public void The_cadvisor_set_is_exactly_what_docs_dashboards_md_lists()
    {
        var doc = File.ReadAllText(RepositoryPaths.Of("docs/dashboards.md"));
        var used = QueryCatalog.Expressions.Where(q => q.IsClusterAlternative)
            .SelectMany(q => PromQlExpression.Parse(q.Expression, PromQlDialect.Grafana).Selectors)
            .Select(s => s.Metric!)
            .Where(m => m != "target_info")
            .ToHashSet();

        Assert.Equal(ClusterAlternative.Families.Keys.Order(), used.Order());
        Assert.All(used, m => Assert.Contains($"`{m}`", doc, StringComparison.Ordinal));
        Assert.All(ClusterAlternative.JoinLabels, l => Assert.Contains($"`{l}`", doc, StringComparison.Ordinal));
    }

    private static IReadOnlySet<string>? AllowedLabels(string metric, DashboardQuery query)
    {
        if (Contract.SeriesNames.Contains(metric))
        {
            var labels = Contract.LabelsOfSeries(metric);
            return metric == "target_info" && query.IsClusterAlternative ? labels.Concat(ClusterAlternative.JoinLabels).ToHashSet() : labels;
        }

        if (metric == "ALERTS")
        {
            return AlertLabels;
        }

        if (QueryConventionTests.IsRuleOutput(metric))
        {
            return AgreedNames.RecordedLabels(metric);
        }

        return query.IsClusterAlternative && ClusterAlternative.Families.TryGetValue(metric, out var cadvisor) ? cadvisor : null;
    }

    [GeneratedRegex(@"^\s*-?\s*record:\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex RecordLine();
}
