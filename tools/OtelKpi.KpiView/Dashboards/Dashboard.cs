using System.Text.Json;

namespace OtelKpi.KpiView.Dashboards;

/// <summary>
/// The parts of a Grafana dashboard JSON file that carry queries: panels (flattened out of rows, collapsed
/// or not), template variables and annotations. Read-only; the file stays the single source.
/// </summary>
/// <param name="Uid">The dashboard's stable uid.</param>
/// <param name="Title">The dashboard's title.</param>
/// <param name="Panels">Every panel that is not a row, in file order.</param>
/// <param name="Variables">The template variables, in file order.</param>
/// <param name="Annotations">The annotation queries.</param>
internal sealed record Dashboard(
    string Uid,
    string Title,
    IReadOnlyList<DashboardPanel> Panels,
    IReadOnlyList<DashboardVariable> Variables,
    IReadOnlyList<DashboardAnnotation> Annotations)
{
    /// <summary>Reads a dashboard file.</summary>
    public static Dashboard Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Parses dashboard JSON.</summary>
    public static Dashboard Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var panels = new List<DashboardPanel>();
        string? rowTitle = null;
        foreach (var panel in root.GetProperty("panels").EnumerateArray())
        {
            if (Text(panel, "type") == "row")
            {
                rowTitle = Text(panel, "title");
                var collapsed = panel.TryGetProperty("collapsed", out var c) && c.GetBoolean();
                if (panel.TryGetProperty("panels", out var nested))
                {
                    panels.AddRange(nested.EnumerateArray().Select(p => ReadPanel(p, rowTitle, collapsed)));
                }

                continue;
            }

            panels.Add(ReadPanel(panel, rowTitle, inCollapsedRow: false));
        }

        var variables = root.GetProperty("templating").GetProperty("list").EnumerateArray().Select(ReadVariable).ToList();
        var annotations = root.GetProperty("annotations").GetProperty("list").EnumerateArray()
            .Select(a => new DashboardAnnotation(Text(a, "name") ?? "", Text(a, "expr") ?? "", Text(a, "titleFormat") ?? ""))
            .ToList();
        return new Dashboard(Text(root, "uid") ?? "", Text(root, "title") ?? "", panels, variables, annotations);
    }

    /// <summary>The variable called <paramref name="name"/>.</summary>
    public DashboardVariable Variable(string name) => this.Variables.Single(v => v.Name == name);

    /// <summary>The panel titled <paramref name="title"/>.</summary>
    public DashboardPanel Panel(string title) => this.Panels.Single(p => p.Title == title);

    private static DashboardPanel ReadPanel(JsonElement panel, string? rowTitle, bool inCollapsedRow)
    {
        var unit = panel.TryGetProperty("fieldConfig", out var fieldConfig)
            && fieldConfig.TryGetProperty("defaults", out var defaults)
            ? Text(defaults, "unit")
            : null;
        var targets = panel.TryGetProperty("targets", out var t)
            ? t.EnumerateArray().Select(target => new PanelTarget(
                Text(target, "refId") ?? "",
                Text(target, "expr") ?? "",
                Text(target, "legendFormat") ?? "",
                target.TryGetProperty("instant", out var instant) && instant.GetBoolean())).ToList()
            : [];
        var thresholds = panel.TryGetProperty("fieldConfig", out var config)
            && config.TryGetProperty("defaults", out var d)
            && d.TryGetProperty("thresholds", out var th)
            && th.TryGetProperty("steps", out var steps)
            ? steps.EnumerateArray().Select(s => new ThresholdStep(
                Text(s, "color") ?? "",
                s.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null)).ToList()
            : [];
        return new DashboardPanel(
            panel.GetProperty("id").GetInt32(),
            Text(panel, "title") ?? "",
            Text(panel, "type") ?? "",
            Text(panel, "description") ?? "",
            unit ?? "",
            targets,
            rowTitle,
            inCollapsedRow)
        {
            Thresholds = thresholds,
        };
    }

    private static DashboardVariable ReadVariable(JsonElement variable)
    {
        var query = variable.TryGetProperty("query", out var q)
            ? q.ValueKind == JsonValueKind.String ? q.GetString()! : Text(q, "query") ?? ""
            : "";
        return new DashboardVariable(
            Text(variable, "name") ?? "",
            Text(variable, "type") ?? "",
            query,
            variable.TryGetProperty("multi", out var multi) && multi.GetBoolean(),
            variable.TryGetProperty("includeAll", out var all) && all.GetBoolean(),
            Text(variable, "allValue"));
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
