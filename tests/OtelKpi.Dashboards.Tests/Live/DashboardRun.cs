using OtelKpi.KpiView.Dashboards;
using OtelKpi.Testing;

namespace OtelKpi.Dashboards.Tests.Live;

/// <summary>A dashboard opened against a Prometheus: its variables resolved as Grafana resolves them.</summary>
internal sealed class DashboardRun
{
    private readonly IReadOnlyDictionary<string, string> builtIns;

    private DashboardRun(string file, Dashboard dashboard, IReadOnlyList<ResolvedVariable> variables, IReadOnlyDictionary<string, string> builtIns)
    {
        this.File = file;
        this.Dashboard = dashboard;
        this.Variables = variables;
        this.Selections = VariableResolver.Selections(variables);
        this.builtIns = builtIns;
    }

    /// <summary>The dashboard file name.</summary>
    public string File { get; }

    /// <summary>The dashboard.</summary>
    public Dashboard Dashboard { get; }

    /// <summary>The query variables with the values their queries returned.</summary>
    public IReadOnlyList<ResolvedVariable> Variables { get; }

    /// <summary>The selection of each query variable.</summary>
    public IReadOnlyDictionary<string, VariableSelection> Selections { get; }

    /// <summary>
    /// Opens <paramref name="file"/>: runs each variable query through /api/v1/label/.../values over the last
    /// hour with the earlier selections substituted, then selects "All", or what <paramref name="choose"/> returns.
    /// </summary>
    public static async Task<DashboardRun> OpenAsync(
        string file,
        PrometheusServer prometheus,
        IReadOnlyDictionary<string, string> builtIns,
        Func<string, IReadOnlyList<string>, IReadOnlyList<string>?>? choose = null,
        DateTimeOffset? at = null)
    {
        var dashboard = DashboardFiles.Model(file);
        var end = at ?? DateTimeOffset.UtcNow;
        var variables = await VariableResolver.ResolveAsync(
            dashboard,
            (label, match) => prometheus.LabelValuesAsync(label, match, end.AddHours(-1), end),
            choose ?? ((_, _) => null),
            builtIns);
        return new DashboardRun(file, dashboard, variables, builtIns);
    }

    /// <summary>The variable called <paramref name="name"/>.</summary>
    public ResolvedVariable Variable(string name) => this.Variables.Single(v => v.Name == name);

    /// <summary>The PromQL Grafana would send for <paramref name="expression"/>.</summary>
    public string Expand(string expression) => QueryTemplate.Expand(expression, this.Dashboard.Variables, this.Selections, this.builtIns);

    /// <summary>The expanded query of target <paramref name="refId"/> of the panel titled <paramref name="title"/>.</summary>
    public string Query(string title, string refId = "A") => this.Expand(this.Dashboard.Panel(title).Targets.Single(t => t.RefId == refId).Expr);
}
