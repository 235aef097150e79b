using System.Text.Json.Nodes;
using OtelKpi.KpiView.Dashboards;
using OtelKpi.KpiView.Prometheus;
using OtelKpi.KpiView.View;

namespace OtelKpi.KpiView.Picture;

/// <summary>What one panel of a picture showed: its series in legend order, or its query error.</summary>
/// <param name="Id">The panel id.</param>
/// <param name="Title">The panel title.</param>
/// <param name="Type">timeseries, stat or table.</param>
/// <param name="Error">The query error, or null.</param>
/// <param name="Series">The series (table rows) the picture shows, in the order it shows them.</param>
internal sealed record PicturePanel(int Id, string Title, string Type, string? Error, IReadOnlyList<PictureSeries> Series);

/// <summary>One series of a pictured panel.</summary>
/// <param name="RefId">The query it came from ("table" for a table row).</param>
/// <param name="Name">Its legend (a table row: its text cells).</param>
internal sealed record PictureSeries(string RefId, string Name);

/// <summary>
/// A picture of a dashboard: every panel on screen when it opens (not those of collapsed rows) queried as
/// Grafana queries it (range queries for time series and stats, instant ones for tables), the alert annotation
/// as a range query, and all of it drawn by tools/dashboard-render from the dashboard's own JSON.
/// </summary>
internal sealed class DashboardPicture(
    PrometheusApi prometheus,
    Dashboard dashboard,
    string dashboardPath,
    IReadOnlyDictionary<string, VariableSelection> selections,
    IReadOnlyDictionary<string, string> builtIns)
{
    /// <summary>Queries, draws <paramref name="output"/> (PNG) and reports what every panel showed.</summary>
    public async Task<IReadOnlyList<PicturePanel>> RenderAsync(
        DateTimeOffset from, DateTimeOffset to, TimeSpan step, string output, Uri source, CancellationToken cancellationToken)
    {
        var panels = new JsonObject();
        foreach (var panel in dashboard.Panels.Where(p => !p.InCollapsedRow))
        {
            panels[panel.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = await this.QueryPanelAsync(panel, from, to, step, cancellationToken).ConfigureAwait(false);
        }

        var request = new JsonObject
        {
            ["dashboard"] = Path.GetFullPath(dashboardPath),
            ["output"] = Path.GetFullPath(output),
            ["from"] = from.ToUnixTimeMilliseconds(),
            ["to"] = to.ToUnixTimeMilliseconds(),
            ["source"] = source.ToString().TrimEnd('/'),
            ["selection"] = string.Join(", ", selections.Select(s => $"{s.Key}={(s.Value.IsAll ? "All" : string.Join("|", s.Value.Values))}")),
            ["panels"] = panels,
            ["annotations"] = await this.AnnotationsAsync(from, to, step, cancellationToken).ConfigureAwait(false),
        };
        return await DashboardRenderer.RenderAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonObject> QueryPanelAsync(DashboardPanel panel, DateTimeOffset from, DateTimeOffset to, TimeSpan step, CancellationToken cancellationToken)
    {
        var frames = new JsonArray();
        try
        {
            foreach (var target in panel.Targets)
            {
                var query = QueryTemplate.Expand(target.Expr, dashboard.Variables, selections, builtIns);
                if (target.Instant || panel.Type == "table")
                {
                    foreach (var sample in await prometheus.QueryAsync(query, to, cancellationToken).ConfigureAwait(false))
                    {
                        frames.Add(Frame(target, sample.Labels, [(to, sample.Value)], step));
                    }
                }
                else
                {
                    foreach (var series in await prometheus.QueryRangeAsync(query, from, to, step, cancellationToken).ConfigureAwait(false))
                    {
                        frames.Add(Frame(target, series.Labels, series.Points, step));
                    }
                }
            }
        }
        catch (PrometheusQueryException e)
        {
            return new JsonObject { ["error"] = e.Message, ["frames"] = new JsonArray() };
        }

        return new JsonObject { ["error"] = null, ["frames"] = frames };
    }

    // Firing alerts as Grafana's Prometheus annotations draw them: one region per stretch a series was present.
    private async Task<JsonArray> AnnotationsAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan step, CancellationToken cancellationToken)
    {
        var regions = new JsonArray();
        foreach (var annotation in dashboard.Annotations)
        {
            var query = QueryTemplate.Expand(annotation.Expr, dashboard.Variables, selections, builtIns);
            foreach (var series in await prometheus.QueryRangeAsync(query, from, to, step, cancellationToken).ConfigureAwait(false))
            {
                foreach (var (start, end) in Stretches(series.Points.Select(p => p.Time).ToList(), step))
                {
                    regions.Add(new JsonObject
                    {
                        ["start"] = start.ToUnixTimeMilliseconds(),
                        ["end"] = end.ToUnixTimeMilliseconds(),
                        ["title"] = LegendFormat.Render(annotation.TitleFormat, series.Labels),
                    });
                }
            }
        }

        return regions;
    }

    private static IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Stretches(List<DateTimeOffset> times, TimeSpan step)
    {
        for (var i = 0; i < times.Count;)
        {
            var j = i;
            while (j + 1 < times.Count && times[j + 1] - times[j] <= step * 1.5)
            {
                j++;
            }

            yield return (times[i], times[j]);
            i = j + 1;
        }
    }

    // A frame as the renderer takes it; missing steps become nulls, so that a gap is drawn as a gap.
    private static JsonObject Frame(PanelTarget target, IReadOnlyDictionary<string, string> labels, IReadOnlyList<(DateTimeOffset Time, double Value)> points, TimeSpan step)
    {
        var data = new JsonArray();
        for (var i = 0; i < points.Count; i++)
        {
            if (i > 0 && points[i].Time - points[i - 1].Time > step * 1.5)
            {
                data.Add(new JsonArray(points[i - 1].Time.Add(step).ToUnixTimeMilliseconds(), null));
            }

            var value = points[i].Value;
            data.Add(new JsonArray(points[i].Time.ToUnixTimeMilliseconds(), double.IsFinite(value) ? value : null));
        }

        var legend = LegendFormat.Render(target.LegendFormat, labels);
        return new JsonObject
        {
            ["refId"] = target.RefId,
            ["name"] = legend.Length > 0 ? legend : "{" + string.Join(", ", labels.Select(l => $"{l.Key}=\"{l.Value}\"")) + "}",
            ["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
            ["points"] = data,
        };
    }
}
