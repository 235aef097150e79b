using System.Text.Json.Nodes;
using OtelKpi.KpiView.Dashboards;
using OtelKpi.Testing.PromQl;

namespace OtelKpi.Dashboards.Tests.Lint;

/// <summary>
/// The conventions that make one dashboard file work by UI import, by file provisioning and through the
/// Grafana Helm chart's sidecar, and the layout rules of grafana/dashboard-linter, checked on every file.
/// </summary>
public class DashboardConventionTests
{
    private const string DatasourceUid = "${datasource}";

    [Fact]
    public void The_dashboards_folder_holds_exactly_the_two_dashboards()
    {
        Assert.Equal(DashboardFiles.ExpectedUids.Keys.Order(), DashboardFiles.FileNames);
    }

    [Theory]
    [MemberData(nameof(DashboardFiles.Names), MemberType = typeof(DashboardFiles))]
    public void Has_its_stable_uid_schema_version_39_no_id_and_is_not_editable(string file)
    {
        var dashboard = DashboardFiles.Json(file);

        Assert.Equal(DashboardFiles.ExpectedUids[file], (string?)dashboard["uid"]);
        Assert.Equal(39, (int?)dashboard["schemaVersion"]);
        Assert.False((bool)dashboard["editable"]!);
        Assert.True(dashboard.ContainsKey("id") && dashboard["id"] is null, "id must be null so that provisioning assigns one");
        Assert.Contains("otelkpi", dashboard["tags"]!.AsArray().Select(t => (string?)t));
        Assert.False(string.IsNullOrWhiteSpace((string?)dashboard["description"]));
    }

    [Theory]
    [MemberData(nameof(DashboardFiles.Names), MemberType = typeof(DashboardFiles))]
    public void Every_datasource_reference_is_the_datasource_variable_and_nothing_needs_the_import_wizard(string file)
    {
        var dashboard = DashboardFiles.Json(file);
        var text = File.ReadAllText(DashboardFiles.PathOf(file));

        Assert.DoesNotContain("${DS_", text, StringComparison.Ordinal);
        Assert.False(dashboard.ContainsKey("__inputs"), "__inputs is resolved only by the import wizard");
        Assert.False(dashboard.ContainsKey("__requires"), "__requires belongs to exported-for-sharing files");
        var references = Descendants(dashboard).Where(p => p.Name == "datasource").ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r =>
        {
            var reference = Assert.IsType<JsonObject>(r.Value, exactMatch: false);
            Assert.Equal("prometheus", (string?)reference["type"]);
            Assert.Equal(DatasourceUid, (string?)reference["uid"]);
        });
    }

    [Theory]
    [MemberData(nameof(DashboardFiles.Names), MemberType = typeof(DashboardFiles))]
    public void Every_panel_query_variable_and_annotation_names_the_datasource_variable(string file)
    {
        var dashboard = DashboardFiles.Json(file);
        var variables = dashboard["templating"]!["list"]!.AsArray().Select(v => v!.AsObject()).ToList();
        var datasource = variables[0];

        Assert.Equal("datasource", (string?)datasource["name"]);
        Assert.Equal("datasource", (string?)datasource["type"]);
        Assert.Equal("prometheus", (string?)datasource["query"]);
        foreach (var panel in DashboardFiles.Panels(dashboard))
        {
            Assert.Equal(DatasourceUid, (string?)panel["datasource"]?["uid"]);
            Assert.All(panel["targets"]!.AsArray(), t => Assert.Equal(DatasourceUid, (string?)t!["datasource"]?["uid"]));
        }

        Assert.All(variables.Skip(1), v => Assert.Equal(DatasourceUid, (string?)v["datasource"]?["uid"]));
        Assert.All(dashboard["annotations"]!["list"]!.AsArray(), a => Assert.Equal(DatasourceUid, (string?)a!["datasource"]?["uid"]));
    }

    [Theory]
    [MemberData(nameof(DashboardFiles.Names), MemberType = typeof(DashboardFiles))]
    public void Job_and_instance_variables_are_multi_select_with_all_and_chained(string file)
    {
        var dashboard = DashboardFiles.Model(file);
        var expected = file == "aspnetcore.json" ? new[] { "datasource", "job", "instance", "route", "method" } : ["datasource", "job", "instance"];

        Assert.Equal(expected, dashboard.Variables.Select(v => v.Name));
        foreach (var variable in dashboard.Variables.Skip(1))
        {
            Assert.Equal("query", variable.Type);
            Assert.True(variable.Multi, $"${variable.Name} must be multi-select");
            Assert.True(variable.IncludeAll, $"${variable.Name} must offer All");
            // ".+" as grafana/dashboard-linter requires, except for the route: its "All" must also match requests
            // without one (unmatched requests carry no http_route), which only ".*" does.
            Assert.Equal(variable.Name == "route" ? ".*" : ".+", variable.AllValue);
            _ = VariableQuery.Parse(variable.Query);
        }

        Assert.Equal("label_values(http_server_request_duration_seconds_count, job)", dashboard.Variable("job").Query);
        Assert.Equal("label_values(http_server_request_duration_seconds_count{job=~\"$job\"}, instance)", dashboard.Variable("instance").Query);
        if (file == "aspnetcore.json")
        {
            Assert.Equal(
                "label_values(http_server_request_duration_seconds_count{job=~\"$job\", instance=~\"$instance\"}, http_route)",
                dashboard.Variable("route").Query);
            Assert.Equal(
                "label_values(http_server_request_duration_seconds_count{job=~\"$job\", instance=~\"$instance\"}, http_request_method)",
                dashboard.Variable("method").Query);
        }
    }

    [Theory]
    [MemberData(nameof(DashboardFiles.Names), MemberType = typeof(DashboardFiles))]
    public void Panel_titles_are_unique(string file)
    {
        // Titles name panels in the linter's exclusions, the tests and the terminal view.
        var titles = DashboardFiles.Model(file).Panels.Select(p => p.Title).ToList();
        Assert.Equal(titles.Count, titles.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(DashboardFiles.Names), MemberType = typeof(DashboardFiles))]
    public void Every_panel_is_a_timeseries_stat_or_table_with_a_title_description_and_unit(string file)
    {
        foreach (var panel in DashboardFiles.Model(file).Panels)
        {
            Assert.Contains(panel.Type, new[] { "timeseries", "stat", "table" });
            Assert.False(string.IsNullOrWhiteSpace(panel.Title), $"panel {panel.Id} has no title");
            Assert.True(panel.Description.Length >= 40, $"'{panel.Title}' needs a description that says what it shows");
            Assert.False(string.IsNullOrWhiteSpace(panel.Unit), $"'{panel.Title}' has no unit");
            Assert.NotEmpty(panel.Targets);
        }
    }

    [Theory]
    [MemberData(nameof(DashboardFiles.Names), MemberType = typeof(DashboardFiles))]
    public void Panel_ids_are_unique_and_panels_fit_the_grid_without_overlapping(string file)
    {
        var dashboard = DashboardFiles.Json(file);
        var all = DashboardFiles.AllPanels(dashboard).ToList();
        Assert.Equal(all.Count, all.Select(p => (int)p["id"]!).Distinct().Count());

        // Panels of a collapsed row are laid out when it opens, so they are checked as their own group.
        var groups = new List<List<JsonObject>> { dashboard["panels"]!.AsArray().Select(p => p!.AsObject()).ToList() };
        groups.AddRange(all.Where(p => p["panels"] is JsonArray { Count: > 0 }).Select(p => p["panels"]!.AsArray().Select(n => n!.AsObject()).ToList()));
        foreach (var group in groups)
        {
            var boxes = group.Select(p => (Title: (string?)p["title"], X: (int)p["gridPos"]!["x"]!, Y: (int)p["gridPos"]!["y"]!, W: (int)p["gridPos"]!["w"]!, H: (int)p["gridPos"]!["h"]!)).ToList();
            Assert.All(boxes, b => Assert.True(b.X >= 0 && b.W > 0 && b.X + b.W <= 24 && b.H > 0, $"'{b.Title}' does not fit the 24-column grid"));
            foreach (var a in boxes)
            {
                foreach (var b in boxes.Where(b => b != a))
                {
                    var overlap = a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H;
                    Assert.False(overlap, $"'{a.Title}' overlaps '{b.Title}'");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(DashboardFiles.Names), MemberType = typeof(DashboardFiles))]
    public void Reference_lines_are_dashed_and_every_refid_is_unique_in_its_panel(string file)
    {
        foreach (var panel in DashboardFiles.Panels(DashboardFiles.Json(file)))
        {
            var refIds = panel["targets"]!.AsArray().Select(t => (string)t!["refId"]!).ToList();
            Assert.Equal(refIds.Count, refIds.Distinct().Count());
            if (refIds.Contains(PanelTarget.ReferenceLineRefId))
            {
                var styled = panel["fieldConfig"]!["overrides"]!.AsArray().Single(o =>
                    (string?)o!["matcher"]!["id"] == "byFrameRefID" && (string?)o["matcher"]!["options"] == PanelTarget.ReferenceLineRefId);
                Assert.Contains(styled!["properties"]!.AsArray(), p => (string?)p!["id"] == "custom.lineStyle" && (string?)p["value"]!["fill"] == "dash");
            }
        }
    }

    [Theory]
    [MemberData(nameof(DashboardFiles.Names), MemberType = typeof(DashboardFiles))]
    public void Links_to_the_other_dashboards_keep_the_time_range_and_variables(string file)
    {
        var dashboard = DashboardFiles.Json(file);
        var link = Assert.Single(dashboard["links"]!.AsArray())!;

        Assert.Equal("dashboards", (string?)link["type"]);
        Assert.Equal(["otelkpi"], link["tags"]!.AsArray().Select(t => (string?)t));
        Assert.True((bool)link["keepTime"]!);
        Assert.True((bool)link["includeVars"]!);
        // The link lists dashboards by tag: every other shipped dashboard must carry it.
        foreach (var other in DashboardFiles.ExpectedUids.Keys.Where(f => f != file))
        {
            Assert.Contains("otelkpi", DashboardFiles.Json(other)["tags"]!.AsArray().Select(t => (string?)t));
        }
    }

    [Theory]
    [MemberData(nameof(DashboardFiles.Names), MemberType = typeof(DashboardFiles))]
    public void Firing_OtelKpi_alerts_are_the_one_annotation(string file)
    {
        var annotation = Assert.Single(DashboardFiles.Model(file).Annotations);
        var scan = PromQlExpression.Parse(annotation.Expr, PromQlDialect.Grafana);
        var selector = Assert.Single(scan.Selectors);

        Assert.Equal("ALERTS", selector.Metric);
        Assert.True(selector.Has("alertstate", "=", "firing"));
        Assert.True(selector.Has("job", "=~", "$job"));
        var names = selector.Matchers.Single(m => m.Label == "alertname" && m.Operator == "=~").Value.Split('|');
        Assert.Equal(AgreedNames.Alerts.Order(), names.Order());
    }

    private static IEnumerable<(string Name, JsonNode? Value)> Descendants(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    yield return (name, value);
                    if (value is not null)
                    {
                        foreach (var d in Descendants(value))
                        {
                            yield return d;
                        }
                    }
                }

                break;
            case JsonArray a:
                foreach (var d in a.OfType<JsonNode>().SelectMany(Descendants))
                {
                    yield return d;
                }

                break;
            default:
                break;
        }
    }
}
