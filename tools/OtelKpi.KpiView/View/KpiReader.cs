using System.Text.RegularExpressions;
using OtelKpi.KpiView.Dashboards;
using OtelKpi.KpiView.Prometheus;

namespace OtelKpi.KpiView.View;

/// <summary>
/// Runs the queries of a dashboard's on-screen panels (those not in a collapsed row, tables aside) with the
/// variables substituted exactly as Grafana would, over a short trend window ending now, judges every value
/// against the panel's thresholds and objectives, and reads which of the dashboard's alerts are pending or firing.
/// </summary>
internal sealed partial class KpiReader(
    PrometheusApi prometheus,
    Dashboard dashboard,
    IReadOnlyDictionary<string, VariableSelection> selections,
    IReadOnlyDictionary<string, string> builtIns,
    IReadOnlySet<string>? rows = null)
{
    /// <summary>How far back the trend of each line goes.</summary>
    public static readonly TimeSpan TrendWindow = TimeSpan.FromMinutes(5);

    /// <summary>How many values a trend has.</summary>
    public const int TrendPoints = 20;

    /// <summary>The panels the view shows: what a user sees when the dashboard opens (in the chosen rows).</summary>
    public IEnumerable<DashboardPanel> VisiblePanels => dashboard.Panels.Where(p =>
        !p.InCollapsedRow && p.Type != "table" && (rows is null || rows.Contains(p.RowTitle ?? "")));

    /// <summary>Reads every visible panel and the active alerts now.</summary>
    public async Task<KpiSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var panels = new List<KpiPanelReading>();
        foreach (var panel in this.VisiblePanels)
        {
            panels.Add(await this.ReadPanelAsync(panel, now, cancellationToken).ConfigureAwait(false));
        }

        return new KpiSnapshot(now, panels, await this.AlertsAsync(cancellationToken).ConfigureAwait(false));
    }

    private async Task<KpiPanelReading> ReadPanelAsync(DashboardPanel panel, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var step = TrendWindow / (TrendPoints - 1);
        var start = now - TrendWindow;
        var lines = new List<KpiLine>();
        try
        {
            foreach (var target in panel.Targets)
            {
                var query = QueryTemplate.Expand(target.Expr, dashboard.Variables, selections, builtIns);
                var series = await prometheus.QueryRangeAsync(query, start, now, step, cancellationToken).ConfigureAwait(false);
                lines.AddRange(series
                    .Select(s => Line(panel, target, s, start, step))
                    .OrderBy(l => l.Legend, StringComparer.Ordinal));
            }
        }
        catch (PrometheusQueryException e)
        {
            return new KpiPanelReading(panel.RowTitle, panel.Title, lines, e.Message);
        }

        return new KpiPanelReading(panel.RowTitle, panel.Title, KpiJudge.Judge(panel, lines), null);
    }

    private static KpiLine Line(DashboardPanel panel, PanelTarget target, RangeSeries series, DateTimeOffset start, TimeSpan step)
    {
        var trend = Enumerable.Repeat(double.NaN, TrendPoints).ToArray();
        foreach (var (time, value) in series.Points)
        {
            var index = (int)Math.Round((time - start) / step);
            if (index is >= 0 and < TrendPoints)
            {
                trend[index] = value;
            }
        }

        double? latest = double.IsFinite(trend[^1]) ? trend[^1] : null;
        return new KpiLine(
            LegendFormat.Render(target.LegendFormat, series.Labels),
            series.Labels,
            latest,
            latest is { } v ? UnitFormat.Format(v, panel.Unit) : "no data",
            target.IsReferenceLine,
            trend);
    }

    // The alerts the dashboard's annotation names, for the selected jobs: pending ones too, which the annotation
    // (firing only) does not show, so that a newcomer sees an alert coming.
    private async Task<IReadOnlyList<ActiveAlert>> AlertsAsync(CancellationToken cancellationToken)
    {
        var names = dashboard.Annotations
            .Select(a => AlertNames().Match(a.Expr))
            .Where(m => m.Success)
            .SelectMany(m => m.Groups[1].Value.Split('|'))
            .ToHashSet(StringComparer.Ordinal);
        var jobs = selections.TryGetValue("job", out var job) && !job.IsAll ? job.Values.ToHashSet(StringComparer.Ordinal) : null;
        var alerts = await prometheus.AlertsAsync(cancellationToken).ConfigureAwait(false);
        return alerts
            .Where(a => names.Contains(a.Name) && (jobs is null || jobs.Contains(a.Labels.GetValueOrDefault("job", ""))))
            .Select(a => new ActiveAlert(a.Name, a.State, a.Labels, a.ActiveAt))
            .OrderBy(a => a.State == "firing" ? 0 : 1)
            .ThenBy(a => a.ActiveSince)
            .ToList();
    }

    [GeneratedRegex("alertname=~\"([^\"]+)\"")]
    private static partial Regex AlertNames();
}
