namespace OtelKpi.KpiView.Dashboards;

/// <summary>A query variable after its query ran: the values it offered and what is selected.</summary>
/// <param name="Name">The variable's name.</param>
/// <param name="Query">Its label-values query, with the variables before it substituted.</param>
/// <param name="Options">The values its query returned.</param>
/// <param name="Selection">What is selected.</param>
internal sealed record ResolvedVariable(string Name, VariableQuery Query, IReadOnlyList<string> Options, VariableSelection Selection);

/// <summary>
/// Decides the selection of every query variable of a dashboard, in order, as Grafana does when the dashboard
/// opens: each variable's query is expanded with the selections before it and run, then "All" is selected
/// unless values are chosen. Data source variables need no selection: panel queries never reference them.
/// </summary>
internal static class VariableResolver
{
    /// <summary>Resolves every query variable.</summary>
    /// <param name="dashboard">The dashboard.</param>
    /// <param name="labelValues">Runs a label-values lookup: label, series selector (or null), answer.</param>
    /// <param name="choose">Given a variable's name and options, the values to select, or null for "All".</param>
    /// <param name="builtIns">Built-in variables for expansion.</param>
    public static async Task<IReadOnlyList<ResolvedVariable>> ResolveAsync(
        Dashboard dashboard,
        Func<string, string?, Task<IReadOnlyList<string>>> labelValues,
        Func<string, IReadOnlyList<string>, IReadOnlyList<string>?> choose,
        IReadOnlyDictionary<string, string> builtIns)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        ArgumentNullException.ThrowIfNull(labelValues);
        ArgumentNullException.ThrowIfNull(choose);
        var resolved = new List<ResolvedVariable>();
        foreach (var variable in dashboard.Variables)
        {
            if (variable.Type == "datasource")
            {
                continue;
            }

            if (variable.Type != "query")
            {
                throw new NotSupportedException($"Variable ${variable.Name} is of type {variable.Type}; only query and datasource variables are supported.");
            }

            var query = VariableQuery.Parse(QueryTemplate.Expand(variable.Query, dashboard.Variables, Selections(resolved), builtIns));
            var options = await labelValues(query.Label, query.Match).ConfigureAwait(false);
            var selection = choose(variable.Name, options) is { } values ? VariableSelection.Of([.. values]) : VariableSelection.All(options);
            resolved.Add(new ResolvedVariable(variable.Name, query, options, selection));
        }

        return resolved;
    }

    /// <summary>The selections by variable name, as <see cref="QueryTemplate.Expand"/> takes them.</summary>
    public static IReadOnlyDictionary<string, VariableSelection> Selections(IEnumerable<ResolvedVariable> resolved) =>
        resolved.ToDictionary(v => v.Name, v => v.Selection, StringComparer.Ordinal);
}
