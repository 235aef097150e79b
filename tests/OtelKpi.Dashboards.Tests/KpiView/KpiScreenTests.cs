using OtelKpi.KpiView.View;

namespace OtelKpi.Dashboards.Tests.KpiView;

/// <summary>The frame layout: one line per series, grouped by row, with the alerts footer.</summary>
public class KpiScreenTests
{
    [Fact]
    public void Lays_out_rows_panels_series_errors_and_alerts()
    {
        var snapshot = new KpiSnapshot(
            new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero),
            [
                new KpiPanelReading("Requests", "Request Rate", [new KpiLine("shop", "100 req/s", false)], null),
                new KpiPanelReading("Requests", "Error Rate", [new KpiLine("shop", "10.0%", false), new KpiLine("shop threshold", "5.00%", true)], null),
                new KpiPanelReading("Resources", "CPU %", [], null),
                new KpiPanelReading("Resources", "Disk Usage", [], "bad_data: parse error"),
            ],
            ["ErrorRatioBreach (job shop)"]);

        var text = KpiScreen.Render(snapshot, "OtelKpi / Service KPI", new Uri("http://127.0.0.1:9090/"), "20s");

        var expected = string.Join('\n',
            "OtelKpi / Service KPI   2025-03-04 05:06:07",
            "Prometheus http://127.0.0.1:9090/   rates over 20s",
            "",
            "Requests",
            "  Request Rate                 shop                100 req/s",
            "  Error Rate                   shop                    10.0%",
            "                               shop threshold          5.00%",
            "",
            "Resources",
            "  CPU %                        no data yet",
            "  Disk Usage                   query failed: bad_data: parse error",
            "",
            "Firing OtelKpi alerts: ErrorRatioBreach (job shop)",
            "Alerts page:           http://127.0.0.1:9090/alerts",
            "");
        Assert.Equal(expected, text.ReplaceLineEndings("\n"));
    }
}
