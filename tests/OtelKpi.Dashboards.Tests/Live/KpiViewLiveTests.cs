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
        var frame = KpiScreen.Render(snapshot, run.Dashboard.Title, stack.Prometheus.Address, LiveStackFixture.RateInterval);

        Assert.Equal(run.Dashboard.Panels.Where(p => !p.InCollapsedRow).Select(p => p.Title), snapshot.Panels.Select(p => p.Title));
        Assert.All(snapshot.Panels, p =>
        {
            Assert.Null(p.Error);
            Assert.Contains(p.Lines, l => !l.IsReferenceLine);
        });
        var requestRate = Assert.Single(snapshot.Panels.Single(p => p.Title == "Request Rate").Lines);
        Assert.Equal(stack.Job, requestRate.Legend);
        Assert.EndsWith(" req/s", requestRate.Value, StringComparison.Ordinal);
        Assert.Equal([stack.Job + " 5xx", stack.Job + " 4xx", stack.Job + " threshold"], snapshot.Panels.Single(p => p.Title == "Error Rate").Lines.Select(l => l.Legend));
        Assert.Contains($"Alerts page:           {stack.Prometheus.Address}alerts", frame, StringComparison.Ordinal);
        Assert.DoesNotContain("cAdvisor", frame, StringComparison.Ordinal);
    }
}
