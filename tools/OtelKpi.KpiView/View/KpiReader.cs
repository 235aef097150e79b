using OtelKpi.KpiView.Dashboards;
using OtelKpi.KpiView.Prometheus;

namespace OtelKpi.KpiView.View;

/// <summary>
/// Runs the queries of a dashboard's on-screen panels (those not in a collapsed row) and of its annotations
/// as instant queries, with the variables substituted exactly as Grafana would.
/// </summary>
internal sealed class KpiReader(
    PrometheusApi prometheus,
    Dashboard dashboard,
    IReadOnlyDictionary<string, VariableSelection> selections,
    IReadOnlyDictionary<string, string> builtIns)
{
    /// <summary>The panels the view shows: what a user sees when the dashboard opens.</summary>
    public IEnumerable<DashboardPanel> VisiblePanels => dashboard.Panels.Where(p => !p.InCollapsedRow && p.Type != "table");

    /// <summary>Reads every visible panel and the firing alerts now.</summary>
    public async Task<KpiSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var panels = new List<KpiPanelReading>();
        foreach (var panel in this.VisiblePanels)
        {
            panels.Add(await this.ReadPanelAsync(panel, cancellationToken).ConfigureAwait(false));
        }

        var alerts = new List<string>();
        foreach (var annotation in dashboard.Annotations)
        {
            foreach (var sample in await this.QueryAsync(annotation.Expr, cancellationToken).ConfigureAwait(false))
            {
                alerts.Add(LegendFormat.Render(annotation.TitleFormat, sample.Labels) + LabelSuffix(sample.Labels, "job"));
            }
        }

        return new KpiSnapshot(DateTimeOffset.Now, panels, alerts.Order(StringComparer.Ordinal).ToList());
    }

    private async Task<KpiPanelReading> ReadPanelAsync(DashboardPanel panel, CancellationToken cancellationToken)
    {
        var lines = new List<KpiLine>();
        try
        {
            foreach (var target in panel.Targets.OrderBy(t => t.IsReferenceLine))
            {
                var samples = await this.QueryAsync(target.Expr, cancellationToken).ConfigureAwait(false);
                lines.AddRange(samples
                    .Select(s => new KpiLine(LegendFormat.Render(target.LegendFormat, s.Labels), UnitFormat.Format(s.Value, panel.Unit), target.IsReferenceLine))
                    .OrderBy(l => l.Legend, StringComparer.Ordinal));
            }
        }
        catch (PrometheusQueryException e)
        {
            return new KpiPanelReading(panel.RowTitle, panel.Title, lines, e.Message);
        }

        return new KpiPanelReading(panel.RowTitle, panel.Title, lines, null);
    }

    private Task<IReadOnlyList<InstantSample>> QueryAsync(string expression, CancellationToken cancellationToken) =>
        prometheus.QueryAsync(QueryTemplate.Expand(expression, dashboard.Variables, selections, builtIns), cancellationToken);

    private static string LabelSuffix(IReadOnlyDictionary<string, string> labels, string name) =>
        labels.TryGetValue(name, out var value) ? $" ({name} {value})" : "";
}
