using OtelKpi.KpiView.Dashboards;

namespace OtelKpi.Dashboards.Tests.Lint;

/// <summary>One PromQL expression of a dashboard, with where it comes from.</summary>
/// <param name="Dashboard">The file name.</param>
/// <param name="Where">Panel title and refId, variable or annotation, for failure messages.</param>
/// <param name="Expression">The PromQL as written, variables unsubstituted.</param>
/// <param name="Panel">The panel, or null for variables and annotations.</param>
internal sealed record DashboardQuery(string Dashboard, string Where, string Expression, DashboardPanel? Panel)
{
    /// <summary>True for a query of the cAdvisor and kube-state-metrics row.</summary>
    public bool IsClusterAlternative => ClusterAlternative.IsRow(this.Panel?.RowTitle);

    /// <inheritdoc/>
    public override string ToString() => $"{this.Dashboard} {this.Where}";
}

/// <summary>Every PromQL expression of every dashboard: panel targets, annotation queries, variable selectors.</summary>
internal static class QueryCatalog
{
    /// <summary>Panel targets and annotation queries of every dashboard file.</summary>
    public static IReadOnlyList<DashboardQuery> Expressions { get; } = Load(includeVariables: false);

    /// <summary>As <see cref="Expressions"/>, plus the series selectors of label_values variables.</summary>
    public static IReadOnlyList<DashboardQuery> ExpressionsAndVariableSelectors { get; } = Load(includeVariables: true);

    private static List<DashboardQuery> Load(bool includeVariables)
    {
        var queries = new List<DashboardQuery>();
        foreach (var name in DashboardFiles.FileNames)
        {
            var dashboard = DashboardFiles.Model(name);
            queries.AddRange(dashboard.Panels.SelectMany(p => p.Targets.Select(t => new DashboardQuery(name, $"panel '{p.Title}' {t.RefId}", t.Expr, p))));
            queries.AddRange(dashboard.Annotations.Select(a => new DashboardQuery(name, $"annotation '{a.Name}'", a.Expr, null)));
            if (includeVariables)
            {
                queries.AddRange(dashboard.Variables
                    .Where(v => v.Type == "query")
                    .Select(v => (v, VariableQuery.Parse(v.Query).Match))
                    .Where(x => x.Match is not null)
                    .Select(x => new DashboardQuery(name, $"variable ${x.v.Name}", x.Match!, null)));
            }
        }

        return queries;
    }
}
