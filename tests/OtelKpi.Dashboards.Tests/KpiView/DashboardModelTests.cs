using OtelKpi.KpiView.Dashboards;

namespace OtelKpi.Dashboards.Tests.KpiView;

/// <summary>The dashboard model reads panels out of open and collapsed rows alike.</summary>
public class DashboardModelTests
{
    private const string Json = """
        {
          "uid": "u", "title": "T",
          "annotations": { "list": [ { "name": "A", "expr": "ALERTS", "titleFormat": "{{alertname}}" } ] },
          "templating": { "list": [
            { "name": "datasource", "type": "datasource", "query": "prometheus" },
            { "name": "job", "type": "query", "query": "label_values(m, job)", "multi": true, "includeAll": true, "allValue": ".*" },
            { "name": "old", "type": "query", "query": { "query": "label_values(m, old)", "refId": "X" } }
          ] },
          "panels": [
            { "id": 1, "type": "timeseries", "title": "Top", "description": "d", "fieldConfig": { "defaults": { "unit": "s" } },
              "targets": [ { "refId": "A", "expr": "a", "legendFormat": "{{job}}" } ] },
            { "id": 2, "type": "row", "title": "Open", "collapsed": false, "panels": [] },
            { "id": 3, "type": "table", "title": "In open", "targets": [ { "refId": "T", "expr": "b", "instant": true } ] },
            { "id": 4, "type": "row", "title": "Closed", "collapsed": true, "panels": [
              { "id": 5, "type": "timeseries", "title": "In closed", "targets": [] } ] }
          ]
        }
        """;

    [Fact]
    public void Panels_are_flattened_with_their_row_and_whether_it_is_collapsed()
    {
        var dashboard = Dashboard.Parse(Json);

        Assert.Equal(
            [(1, "Top", (string?)null, false), (3, "In open", "Open", false), (5, "In closed", "Closed", true)],
            dashboard.Panels.Select(p => (p.Id, p.Title, p.RowTitle, p.InCollapsedRow)));
        Assert.Equal("s", dashboard.Panel("Top").Unit);
        Assert.Equal(new PanelTarget("T", "b", "", Instant: true), dashboard.Panel("In open").Targets.Single());
        Assert.True(dashboard.Panel("In open").Targets.Single().IsReferenceLine);
    }

    [Fact]
    public void Variables_and_annotations_are_read_including_object_shaped_queries()
    {
        var dashboard = Dashboard.Parse(Json);

        Assert.Equal(new DashboardVariable("job", "query", "label_values(m, job)", true, true, ".*"), dashboard.Variable("job"));
        Assert.Equal("label_values(m, old)", dashboard.Variable("old").Query);
        Assert.Equal(new DashboardAnnotation("A", "ALERTS", "{{alertname}}"), dashboard.Annotations.Single());
    }

    [Fact]
    public void The_service_kpi_dashboard_keeps_only_the_cadvisor_row_collapsed()
    {
        var dashboard = DashboardFiles.Model("service-kpi.json");

        var collapsed = dashboard.Panels.Where(p => p.InCollapsedRow).ToList();
        Assert.Equal(8, collapsed.Count);
        Assert.All(collapsed, p => Assert.EndsWith("(cAdvisor)", p.Title, StringComparison.Ordinal));
        Assert.Equal(
            ["Requests", "Errors (5xx)", "Client Errors (4xx)", "P99", "Mean Latency", "Error Budget Left", "CPU % (busiest)", "Memory % (busiest)",
             "Request Rate", "Error Rate", "Latency Average", "Latency P99",
             "Request Rate by Instance", "Error Rate by Instance", "Latency P99 by Instance",
             "Availability SLI", "Latency SLI", "SLI over 30 Days", "Error Budget Remaining",
             "CPU %", "CPU Cores Used", "CPU Throttle", "Memory %", "Memory Bytes", "Disk Usage", "Disk I/O", "Network Usage"],
            dashboard.Panels.Where(p => !p.InCollapsedRow).Select(p => p.Title));
    }
}
