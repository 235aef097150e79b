using System.Text.Json.Nodes;
using OtelKpi.KpiView.Dashboards;
using OtelKpi.Testing;

namespace OtelKpi.Dashboards.Tests;

/// <summary>The shipped dashboards: every JSON file directly under dashboards/.</summary>
public static class DashboardFiles
{
    /// <summary>File names of the dashboards the issue asks for, with their stable uids.</summary>
    public static IReadOnlyDictionary<string, string> ExpectedUids { get; } = new Dictionary<string, string>
    {
        ["service-kpi.json"] = "otelkpi-service-kpi",
        ["aspnetcore.json"] = "otelkpi-aspnetcore",
    };

    /// <summary>Every dashboard file name (the JSON files directly under dashboards/), in ordinal order.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        Directory.GetFiles(RepositoryPaths.Of("dashboards"), "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();

    /// <summary>Every dashboard file name, as theory data.</summary>
    public static TheoryData<string> Names => new(FileNames);

    /// <summary>The file's path.</summary>
    public static string PathOf(string name) => RepositoryPaths.Of("dashboards/" + name);

    /// <summary>The file as a JSON tree, for convention checks.</summary>
    public static JsonObject Json(string name) => JsonNode.Parse(File.ReadAllText(PathOf(name)))!.AsObject();

    /// <summary>The file as the query model the KPI view and the end-to-end tests use.</summary>
    internal static Dashboard Model(string name) => Dashboard.Load(PathOf(name));

    /// <summary>Every panel object, rows included, nested ones too.</summary>
    public static IEnumerable<JsonObject> AllPanels(JsonObject dashboard)
    {
        foreach (var panel in dashboard["panels"]!.AsArray().Select(p => p!.AsObject()))
        {
            yield return panel;
            if (panel["panels"] is JsonArray nested)
            {
                foreach (var inner in nested.Select(p => p!.AsObject()))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>Every panel that is not a row.</summary>
    public static IEnumerable<JsonObject> Panels(JsonObject dashboard) => AllPanels(dashboard).Where(p => (string?)p["type"] != "row");
}
