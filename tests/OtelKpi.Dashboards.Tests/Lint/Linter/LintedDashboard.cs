using System.Text.Json.Nodes;

namespace OtelKpi.Dashboards.Tests.Lint.Linter;

/// <summary>A panel as the linter walks it: every panel of the dashboard, rows and their nested panels included.</summary>
/// <param name="Json">The panel object.</param>
/// <param name="Type">Its type.</param>
/// <param name="Title">Its title.</param>
/// <param name="Targets">Its targets, or null when it has no <c>targets</c> field.</param>
internal sealed record LintedPanel(JsonObject Json, string Type, string Title, IReadOnlyList<JsonObject>? Targets);

/// <summary>The parts of a dashboard JSON file grafana/dashboard-linter reads.</summary>
internal sealed class LintedDashboard
{
    public LintedDashboard(JsonObject json)
    {
        this.Json = json;
        this.Title = (string?)json["title"] ?? "";
        this.Templates = json["templating"]?["list"]?.AsArray().Select(t => t!.AsObject()).ToList() ?? [];
        this.Panels = Flatten(json["panels"]?.AsArray()).ToList();
    }

    public JsonObject Json { get; }

    public string Title { get; }

    /// <summary>The template variables in file order.</summary>
    public IReadOnlyList<JsonObject> Templates { get; }

    /// <summary>Every panel, depth first (a row, then the panels it holds), as the linter's GetPanels.</summary>
    public IReadOnlyList<LintedPanel> Panels { get; }

    /// <summary>The first data source variable, whose query names the data source type the rules apply to.</summary>
    public JsonObject? DatasourceTemplate => this.Templates.FirstOrDefault(t => (string?)t["type"] == "datasource");

    /// <summary>True when the dashboard's templated data source is Prometheus, which the PromQL rules need.</summary>
    public bool IsPrometheus => this.DatasourceTemplate is { } t && Query(t) == "prometheus";

    /// <summary>The query of a variable: a string, or the <c>query</c> field of an object.</summary>
    public static string Query(JsonObject template) => template["query"] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonObject query => (string?)query["query"] ?? "",
        _ => "",
    };

    /// <summary>The uid of a datasource reference: a plain string, or the uid of an object.</summary>
    public static string DatasourceUid(JsonNode? datasource) => datasource switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonObject reference => (string?)reference["uid"] ?? "",
        _ => "",
    };

    private static IEnumerable<LintedPanel> Flatten(JsonArray? panels)
    {
        foreach (var panel in panels?.Select(p => p!.AsObject()) ?? [])
        {
            var targets = panel["targets"] is JsonArray t ? t.Select(x => x!.AsObject()).ToList() : null;
            yield return new LintedPanel(panel, (string?)panel["type"] ?? "", (string?)panel["title"] ?? "", targets);
            foreach (var nested in Flatten(panel["panels"] as JsonArray))
            {
                yield return nested;
            }
        }
    }
}
