using OtelKpi.KpiView.Dashboards;
using OtelKpi.KpiView.Prometheus;
using OtelKpi.KpiView.View;

namespace OtelKpi.Dashboards.Tests.Live;

/// <summary>The demo's terminal view, run against the live stack: every on-screen panel of the Service KPI dashboard prints a value.</summary>
[Collection(LiveStackTests.Name)]
public class KpiViewLiveTests(LiveStackFixture stack)
{
    [Fact]
    public async Task One_frame_shows_every_visible_service_kpi_panel_with_values_and_the_alerts_page()
    {
        var run = await DashboardRun.OpenAsync("service-kpi.json", stack.Prometheus, stack.BuiltIns);
        using var http = new HttpClient { BaseAddress = stack.Prometheus.Address };
        var reader = new KpiReader(new PrometheusApi(http), run.Dashboard, run.Selections, stack.BuiltIns);

        var snapshot = await reader.ReadAsync(CancellationToken.None);
        var frame = KpiScreen.Render(snapshot, new KpiFrameContext(run.Dashboard.Title, stack.Prometheus.Address, LiveStackFixture.RateInterval, null, null), TerminalStyle.Plain);

        Assert.Equal(run.Dashboard.Panels.Where(p => !p.InCollapsedRow && p.Type != "table").Select(p => p.Title), snapshot.Panels.Select(p => p.Title));
        Assert.All(snapshot.Panels, p =>
        {
            Assert.Null(p.Error);
            Assert.Contains(p.Lines, l => !l.IsReferenceLine);
        });
        var requestRateLine = Assert.Single(snapshot.Panels.Single(p => p.Title == "Request Rate").Lines);
        Assert.Equal(stack.Job, requestRateLine.Legend);
        Assert.EndsWith(" req/s", requestRateLine.Text, StringComparison.Ordinal);
        Assert.Equal([stack.Job + " 5xx", stack.Job + " 4xx", stack.Job + " threshold"], snapshot.Panels.Single(p => p.Title == "Error Rate").Lines.Select(l => l.Legend));
        // The sample fails 10 % of its requests: the 5xx line breaches the 5 % threshold, the 4xx line is not judged.
        var errors = snapshot.Panels.Single(p => p.Title == "Error Rate").Lines;
        Assert.Equal((KpiStatus.Breach, "threshold 5.00%"), (errors[0].Status, errors[0].Comparison));
        Assert.Equal(KpiStatus.None, errors[1].Status);
        Assert.Equal(KpiStatus.Breach, snapshot.Panels.Single(p => p.Title == "Availability SLI").Lines.Single(l => !l.IsReferenceLine).Status);
        Assert.Equal(KpiReader.TrendPoints, requestRateLine.Trend.Count);
        Assert.Matches($@"\n  Error Rate +{System.Text.RegularExpressions.Regex.Escape(stack.Job)} 5xx +BREACH +[0-9.]+%  .*  threshold 5\.00%\n", frame);
        Assert.Contains($"rules page {stack.Prometheus.Address}alerts", frame, StringComparison.Ordinal);
        Assert.DoesNotContain("cAdvisor", frame, StringComparison.Ordinal);
    }
}
