using System.Globalization;
using System.Text;
using OtelKpi.CollectorConfig.Tests.Support;
using OtelKpi.KpiView.Dashboards;
using OtelKpi.Testing;

namespace OtelKpi.CollectorConfig.Tests;

/// <summary>
/// The Service KPI dashboard's cAdvisor and kube-state-metrics row on the collector path: a real Prometheus
/// holds the target_info the remote-write exporter writes for a pod (its labels replayed from the shipped agent
/// configuration, for a pushing and for a scraped pod) next to the kubelet's and kube-state-metrics' series of
/// those pods, and every query of the row, with the pod's job and instance selected, finds exactly that pod.
/// </summary>
public sealed class CadvisorJoinTests
{
    private const int Step = 15;

    [Theory]
    [InlineData("otlp")]
    [InlineData("agent")]
    public async Task Every_cadvisor_panel_finds_the_pod_through_the_collector_paths_target_info(string collect)
    {
        var labels = CollectorPathSimulation.TargetInfoLabels(LabelParityTests.CollectorPath(collect))!;
        var end = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60 - 300;
        var directory = Directory.CreateTempSubdirectory("otelkpi-join-").FullName;
        try
        {
            await AssertJoinAsync(labels, end, directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task AssertJoinAsync(Dictionary<string, string> labels, long end, string directory)
    {
        var input = Path.Combine(directory, "cluster.om.txt");
        var storage = Path.Combine(directory, "data");
        await File.WriteAllTextAsync(input, OpenMetrics(labels, end));
        (await CommandLine.RunAsync("promtool", ["tsdb", "create-blocks-from", "openmetrics", input, storage], timeout: TimeSpan.FromMinutes(1)))
            .EnsureSuccess("promtool tsdb create-blocks-from openmetrics");
        await using var prometheus = await PrometheusServer.StartAsync($"global:\n  scrape_interval: {Step}s\nscrape_configs: []\n", storage);
        var dashboard = Dashboard.Load(RepositoryPaths.Of("dashboards/service-kpi.json"));
        var selections = new Dictionary<string, VariableSelection>(StringComparer.Ordinal)
        {
            ["job"] = VariableSelection.Of(labels["job"]),
            ["instance"] = VariableSelection.Of(labels["instance"]),
        };
        var builtIns = new Dictionary<string, string>(StringComparer.Ordinal) { ["__rate_interval"] = "1m" };
        var targets = dashboard.Panels.Where(p => p.RowTitle?.Contains("cAdvisor", StringComparison.Ordinal) == true).SelectMany(p => p.Targets.Select(t => (p.Title, t))).ToList();

        Assert.Equal(12, targets.Count);
        foreach (var (title, target) in targets)
        {
            var query = QueryTemplate.Expand(target.Expr, dashboard.Variables, selections, builtIns);
            var result = await prometheus.QueryAsync(query, DateTimeOffset.FromUnixTimeSeconds(end));

            var series = Assert.Single(result.Series);
            Assert.True(series.Label("pod") == labels["pod"] && series.Label("namespace") == "shop", $"'{title}' {target.RefId}: {series}");
        }
    }

    // Ten minutes of the pod's target_info as the remote-write exporter writes it, and the kubelet's and
    // kube-state-metrics' series of the pod (which carry namespace and pod, never the service's job).
    private static string OpenMetrics(Dictionary<string, string> labels, long end)
    {
        var families = new Dictionary<string, (string Type, List<(string Series, bool Counter)> Series)>(StringComparer.Ordinal);
        void Add(string family, string type, string series)
        {
            if (!families.TryGetValue(family, out var f))
            {
                families[family] = f = (type, []);
            }

            f.Series.Add((series, type == "counter"));
        }

        {
            var pod = labels["k8s_pod_name"];
            Add("target_info", "gauge", "target_info{" + string.Join(',', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "}");
            var c = $"job=\"kubelet\",instance=\"node-1\",namespace=\"{labels["k8s_namespace_name"]}\",pod=\"{pod}\",container=\"app\"";
            var k = $"job=\"kube-state-metrics\",namespace=\"{labels["k8s_namespace_name"]}\",pod=\"{pod}\",container=\"app\"";
            foreach (var counter in new[] { "container_cpu_usage_seconds", "container_cpu_cfs_periods", "container_cpu_cfs_throttled_periods", "container_fs_reads_bytes", "container_fs_writes_bytes" })
            {
                Add(counter, "counter", $"{counter}_total{{{c}}}");
            }

            foreach (var counter in new[] { "container_network_receive_bytes", "container_network_transmit_bytes" })
            {
                Add(counter, "counter", $"{counter}_total{{{c.Replace("container=\"app\"", "container=\"\"", StringComparison.Ordinal)},interface=\"eth0\"}}");
            }

            Add("container_memory_working_set_bytes", "gauge", $"container_memory_working_set_bytes{{{c}}}");
            Add("container_fs_usage_bytes", "gauge", $"container_fs_usage_bytes{{{c}}}");
            Add("kube_pod_container_resource_limits", "gauge", $"kube_pod_container_resource_limits{{{k},resource=\"cpu\",unit=\"core\"}}");
            Add("kube_pod_container_resource_limits", "gauge", $"kube_pod_container_resource_limits{{{k},resource=\"memory\",unit=\"byte\"}}");
        }

        var text = new StringBuilder();
        foreach (var (family, (type, series)) in families)
        {
            text.Append(CultureInfo.InvariantCulture, $"# TYPE {family} {type}\n");
            foreach (var (name, counter) in series)
            {
                for (var t = end - 600; t <= end; t += Step)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{name} {(counter ? t - end + 1000 : 1)} {t}\n");
                }
            }
        }

        return text.Append("# EOF\n").ToString();
    }
}
