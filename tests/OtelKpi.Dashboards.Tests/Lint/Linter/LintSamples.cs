using System.Text.Json.Nodes;

namespace OtelKpi.Dashboards.Tests.Lint.Linter;

/// <summary>Small dashboards for testing the linter port, built from the cases of the linter's own tests.</summary>
internal static class LintSamples
{
    /// <summary>The rules <see cref="BreakingEveryRule"/> breaks: all but the two LogQL rules, which look only at Loki targets.</summary>
    public static IReadOnlyList<string> ExpectedRules { get; } = DashboardLinter.RuleNames.Where(r => !r.StartsWith("target-logql", StringComparison.Ordinal)).ToList();

    public static JsonObject MeetingEveryRule() => JsonNode.Parse("""
        {
          "title": "good", "editable": false,
          "templating": { "list": [
            { "name": "datasource", "label": "Data source", "type": "datasource", "query": "prometheus" },
            { "name": "job", "label": "Job", "type": "query", "datasource": { "uid": "${datasource}" }, "multi": true, "allValue": ".+", "refresh": 2,
              "query": "label_values(up, job)" },
            { "name": "instance", "label": "Instance", "type": "query", "datasource": "$datasource", "multi": true, "allValue": ".+", "refresh": 2,
              "query": { "query": "label_values(up{job=~\"$job\"}, instance)", "refId": "A" } }
          ] },
          "panels": [
            { "type": "row", "title": "Row", "panels": [
              { "type": "timeseries", "title": "Rate", "description": "d", "datasource": { "uid": "${datasource}" },
                "fieldConfig": { "defaults": { "unit": "reqps" } },
                "targets": [ { "expr": "sum(rate(x_total{job=~\"$job\", instance=~\"$instance\"}[$__rate_interval]))" } ] }
            ] },
            { "type": "stat", "title": "Now", "description": "d", "fieldConfig": { "defaults": { "unit": "short" } },
              "targets": [ { "expr": "sum(g{job=~\"$job\", instance=~\"$instance\"})" } ] }
          ]
        }
        """)!.AsObject();

    public static JsonObject BreakingEveryRule() => JsonNode.Parse("""
        {
          "title": "bad", "editable": true,
          "templating": { "list": [
            { "name": "ds", "label": "DS", "type": "datasource", "query": "prometheus" },
            { "name": "job", "label": "Job", "type": "query", "datasource": "$ds", "multi": true, "allValue": ".*", "refresh": 1,
              "query": "label_values(up, job)" },
            { "name": "instance", "label": "instance", "type": "query", "datasource": "$datasource", "multi": false, "allValue": ".+", "refresh": 2,
              "query": "foo(up, instance)" }
          ] },
          "panels": [
            { "type": "timeseries", "title": "Fixed range", "description": "d", "datasource": "prometheus-uid", "fieldConfig": { "defaults": { "unit": "reqps" } },
              "targets": [ { "expr": "sum(rate(x_total{job=~\"$job\", instance=~\"$instance\"}[5m]))" } ] },
            { "type": "timeseries", "title": "Raw counter", "description": "d", "datasource": "$ds", "fieldConfig": { "defaults": { "unit": "short" } },
              "targets": [ { "expr": "y_total" }, { "expr": "y_total{job=~\"$job\", instance=~\"$instance\"}" } ] },
            { "type": "stat", "title": "", "fieldConfig": { "defaults": { "unit": "furlongs" } } },
            { "type": "table", "title": "Broken", "description": "d", "datasource": "$ds", "fieldConfig": { "defaults": { "unit": "short" } },
              "targets": [ { "expr": "sum(rate(x_total{job=~\"$job\", instance=~\"$instance\"}[$__rate_interval])" } ] }
          ]
        }
        """)!.AsObject();
}
