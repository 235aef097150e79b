using OtelKpi.Dashboards.Tests.Lint;
using OtelKpi.KpiView.Picture;
using OtelKpi.KpiView.Prometheus;

namespace OtelKpi.Dashboards.Tests.Live;

/// <summary>
/// Two replicas of one job, one failing 20 % of its requests and one 5 %: the job's error rate shows the blend,
/// the instance panels show the bad replica, first; and both dashboards, drawn by tools/dashboard-render from
/// their own JSON and this Prometheus, have data in every panel outside the Kubernetes row.
/// </summary>
public class TwoReplicasTests(TwoReplicasFixture replicas) : IClassFixture<TwoReplicasFixture>
{
    public static TheoryData<string> Files => DashboardFiles.Names;

    [Fact]
    public async Task The_instance_panels_show_the_bad_replica_that_the_jobs_total_hides()
    {
        var run = await DashboardRun.OpenAsync("service-kpi.json", replicas.Prometheus, replicas.BuiltIns);
        var byInstance = (await replicas.Prometheus.QueryAsync(run.Query("Error Rate by Instance"))).Series.ToDictionary(s => s.Label("instance")!, s => s.Value);
        var job = Assert.Single((await replicas.Prometheus.QueryAsync(run.Query("Error Rate"))).Series).Value;
        var p99 = (await replicas.Prometheus.QueryAsync(run.Query("Latency P99 by Instance"))).Series.Select(s => s.Label("instance")).Order(StringComparer.Ordinal);

        Assert.Equal(new[] { replicas.BadReplica.Target, replicas.GoodReplica.Target }.Order(StringComparer.Ordinal), run.Variable("instance").Options.Order(StringComparer.Ordinal));
        Assert.InRange(byInstance[replicas.BadReplica.Target], 0.19, 0.21);
        Assert.InRange(byInstance[replicas.GoodReplica.Target], 0.045, 0.055);
        // The job's ratio is the blend: 12.5 % with equal traffic, far from the 20 % one replica serves.
        Assert.InRange(job, 0.10, 0.15);
        Assert.Equal(new[] { replicas.BadReplica.Target, replicas.GoodReplica.Target }.Order(StringComparer.Ordinal), p99);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task The_picture_has_data_in_every_panel_outside_the_kubernetes_row(string file)
    {
        var (panels, png) = await this.RenderAsync(file);

        var run = await DashboardRun.OpenAsync(file, replicas.Prometheus, replicas.BuiltIns);
        var onScreen = run.Dashboard.Panels.Where(p => !p.InCollapsedRow).ToList();
        Assert.Equal(onScreen.Select(p => p.Title), panels.Where(p => p.Type != "row").Select(p => p.Title));
        Assert.All(panels.Where(p => p.Type != "row"), p =>
        {
            Assert.True(p.Error is null, $"'{p.Title}': {p.Error}");
            Assert.False(ClusterAlternative.IsRow(onScreen.Single(o => o.Id == p.Id).RowTitle), $"'{p.Title}' of the collapsed Kubernetes row is drawn");
            Assert.True(p.Series.Any(s => s.RefId != "T"), $"'{p.Title}' is empty in the picture");
        });
        Assert.True(png.Length > 50_000, $"the PNG has {png.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [Fact]
    public async Task The_picture_lists_the_bad_replica_first_in_the_instance_legends()
    {
        var (panels, _) = await this.RenderAsync("service-kpi.json");

        var bad = $"{replicas.BadReplica.Target} ({replicas.Job})";
        var errorRate = panels.Single(p => p.Title == "Error Rate by Instance").Series.Where(s => s.RefId == "A").Select(s => s.Name).ToList();
        Assert.Equal([bad, $"{replicas.GoodReplica.Target} ({replicas.Job})"], errorRate);
    }

    private async Task<(IReadOnlyList<PicturePanel> Panels, byte[] Png)> RenderAsync(string file)
    {
        var run = await DashboardRun.OpenAsync(file, replicas.Prometheus, replicas.BuiltIns);
        using var http = new HttpClient { BaseAddress = replicas.Prometheus.Address };
        var output = Path.Combine(Path.GetTempPath(), $"otelkpi-{Path.GetFileNameWithoutExtension(file)}-{Guid.NewGuid():N}.png");
        try
        {
            var picture = new DashboardPicture(new PrometheusApi(http), run.Dashboard, DashboardFiles.PathOf(file), run.Selections, replicas.BuiltIns);
            var panels = await picture.RenderAsync(replicas.Started, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1), output, replicas.Prometheus.Address, CancellationToken.None);
            return (panels, await File.ReadAllBytesAsync(output));
        }
        finally
        {
            File.Delete(output);
        }
    }
}
