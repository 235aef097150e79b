using OtelKpi.Dashboards.Tests.Lint;

namespace OtelKpi.Dashboards.Tests.Live;

/// <summary>
/// The dashboards against a Prometheus holding a synthetic cluster with exact rates. The Service KPI dashboard's
/// cAdvisor and kube-state-metrics row, which cannot have data outside Kubernetes, shows exactly the pods of the
/// selected services with the right values, never the pod-level or pause series, never another service. A
/// service without errors shows 0 % errors, and an idle route shows no latency rather than NaN.
/// </summary>
public class SyntheticClusterTests(SyntheticClusterFixture cluster) : IClassFixture<SyntheticClusterFixture>
{
    public static TheoryData<bool> AllOrChosen => new([true, false]);

    [Fact]
    public async Task The_job_and_instance_variables_list_the_cluster_services_and_the_pods_of_the_chosen_one()
    {
        var run = await this.OpenAsync(all: false);

        Assert.Equal(["other/web", SyntheticCluster.Job], run.Variable("job").Options.Order(StringComparer.Ordinal));
        Assert.Equal(SyntheticCluster.Pods, run.Variable("instance").Options.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AllOrChosen))]
    public async Task Every_cadvisor_panel_shows_each_pod_of_the_selected_services_with_its_exact_value(bool all)
    {
        var run = await this.OpenAsync(all);
        // The unrelated service has the same shape, so it shows the same values when All is selected.
        var pods = all ? SyntheticCluster.Pods.Append(SyntheticCluster.OtherPod).Order(StringComparer.Ordinal).ToList() : [.. SyntheticCluster.Pods];
        var panels = run.Dashboard.Panels.Where(p => ClusterAlternative.IsRow(p.RowTitle)).ToList();

        Assert.Equal(SyntheticCluster.ExpectedPerPod.Keys.Order(StringComparer.Ordinal), panels.Select(p => p.Title).Order(StringComparer.Ordinal));
        foreach (var panel in panels)
        {
            foreach (var target in panel.Targets)
            {
                var expected = target.RefId == "A" ? SyntheticCluster.ExpectedPerPod[panel.Title] : SyntheticCluster.ExpectedSecondary[(panel.Title, target.RefId)];
                var result = await cluster.Prometheus.QueryAsync(run.Expand(target.Expr), cluster.End);

                Assert.True(
                    pods.SequenceEqual(result.Series.Select(s => s.Label("pod")!).Order(StringComparer.Ordinal)),
                    $"'{panel.Title}' {target.RefId}: {string.Join("; ", result.Series)}");
                Assert.All(result.Series, s =>
                {
                    Assert.Equal(s.Label("pod") == SyntheticCluster.OtherPod ? "other" : SyntheticCluster.Namespace, s.Label("namespace"));
                    Assert.True(Math.Abs(s.Value - expected) <= expected * 1e-9, $"'{panel.Title}' {target.RefId} is {s.Value}, expected {expected}");
                });
            }
        }
    }

    [Fact]
    public async Task Error_rate_of_a_service_serving_requests_without_errors_is_zero_not_no_data()
    {
        var kpi = await this.OpenAsync(all: true);
        var errors = (await cluster.Prometheus.QueryAsync(kpi.Query("Error Rate"), cluster.End)).Series;
        var availability = (await cluster.Prometheus.QueryAsync(kpi.Query("Availability SLI"), cluster.End)).Series;
        var aspnetcore = await DashboardRun.OpenAsync("aspnetcore.json", cluster.Prometheus, cluster.BuiltIns, at: cluster.End);
        var byRoute = (await cluster.Prometheus.QueryAsync(aspnetcore.Query("Error Ratio by Route"), cluster.End)).Series;

        Assert.Equal(0, errors.Single(s => s.Label("job") == SyntheticCluster.Job).Value);
        Assert.Equal(1, availability.Single(s => s.Label("job") == SyntheticCluster.Job).Value);
        // Both services serve the busy route: with All selected it stays one line per job, never merged.
        Assert.Equal(
            [("other/web", SyntheticCluster.BusyRoute, 0.0), (SyntheticCluster.Job, SyntheticCluster.BusyRoute, 0.0)],
            byRoute.Select(s => (s.Label("job")!, s.Label("http_route")!, s.Value)).OrderBy(r => r.Item1, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Latency_is_exact_for_a_busy_route_and_absent_not_nan_for_an_idle_one()
    {
        var kpi = await this.OpenAsync(all: false);
        var aspnetcore = await DashboardRun.OpenAsync(
            "aspnetcore.json", cluster.Prometheus, cluster.BuiltIns, (name, options) => name == "job" ? [SyntheticCluster.Job] : null, cluster.End);

        Assert.Equal(SyntheticCluster.Quantile(0.99), await this.SingleValueAsync(kpi.Query("Latency P99")), 9);
        Assert.Equal(SyntheticCluster.Quantile(0.5), await this.SingleValueAsync(aspnetcore.Query("Latency Percentiles", "A")), 9);
        Assert.Equal(SyntheticCluster.Quantile(0.99), await this.SingleValueAsync(aspnetcore.Query("Latency Percentiles", "C")), 9);
        Assert.Equal(0.09, await this.SingleValueAsync(aspnetcore.Query("Latency Percentiles", "D")), 9);
        var rates = (await cluster.Prometheus.QueryAsync(aspnetcore.Query("Request Rate by Route"), cluster.End)).Series.ToDictionary(s => s.Label("http_route")!, s => s.Value);
        Assert.Equal(new Dictionary<string, double> { [SyntheticCluster.BusyRoute] = SyntheticCluster.ServiceRequestsPerSecond, [SyntheticCluster.IdleRoute] = 0 }, rates);
        foreach (var (title, refId) in new[] { ("P99 Latency by Route", "A"), ("Average Latency by Route", "A"), ("Error Ratio by Route", "A"), ("Top Routes", "B"), ("Top Routes", "C"), ("Top Routes", "D") })
        {
            var series = Assert.Single((await cluster.Prometheus.QueryAsync(aspnetcore.Query(title, refId), cluster.End)).Series);
            Assert.Equal(SyntheticCluster.BusyRoute, series.Label("http_route"));
        }
    }

    [Fact]
    public async Task Cpu_and_memory_percent_fall_back_to_the_process_where_the_cgroup_figures_are_missing()
    {
        var kpi = await this.OpenAsync(all: false);
        foreach (var (title, expected) in SyntheticCluster.ExpectedWithoutCgroup)
        {
            var result = (await cluster.Prometheus.QueryAsync(kpi.Query(title), cluster.End)).Series;

            Assert.Equal(SyntheticCluster.Pods, result.Select(s => s.Label("instance")!).Order(StringComparer.Ordinal));
            Assert.All(result, s => Assert.True(Math.Abs(s.Value - expected) <= expected * 1e-9, $"'{title}' is {s.Value}, expected {expected}"));
        }
    }

    [Theory]
    [InlineData("service-kpi.json")]
    [InlineData("aspnetcore.json")]
    public async Task No_panel_query_returns_nan(string file)
    {
        var run = await DashboardRun.OpenAsync(file, cluster.Prometheus, cluster.BuiltIns, at: cluster.End);
        foreach (var panel in run.Dashboard.Panels)
        {
            foreach (var target in panel.Targets)
            {
                var result = await cluster.Prometheus.QueryAsync(run.Expand(target.Expr), cluster.End);
                Assert.DoesNotContain(result.Series, s => double.IsNaN(s.Value));
            }
        }
    }

    private async Task<double> SingleValueAsync(string query) =>
        Assert.Single((await cluster.Prometheus.QueryAsync(query, cluster.End)).Series).Value;

    private Task<DashboardRun> OpenAsync(bool all) => DashboardRun.OpenAsync(
        "service-kpi.json",
        cluster.Prometheus,
        cluster.BuiltIns,
        all ? null : (name, options) => name == "job" ? [SyntheticCluster.Job] : options,
        cluster.End);
}
