using System.Globalization;
using System.Text;

namespace OtelKpi.Dashboards.Tests.Live;

/// <summary>
/// Ten minutes of what a Kubernetes Prometheus holds for two replicas of one OtelKpi service and one unrelated
/// pod: the service's target_info with the namespace and pod labels of the Kubernetes scrape job, its HTTP
/// requests (no 5xx, one busy route and one idle one), its process CPU and memory and the limits but no cgroup
/// usage (as on a host whose cgroup files are unreadable), cAdvisor's per-container series (with the pod-level "" and pause "POD" series a real
/// kubelet adds, which must not be counted) and kube-state-metrics' limits, all at exact, known rates. Written
/// as OpenMetrics for <c>promtool tsdb create-blocks-from openmetrics</c>.
/// </summary>
internal static class SyntheticCluster
{
    /// <summary>The service's job, as the Kubernetes scrape job names it.</summary>
    public const string Job = "shop/checkout";

    /// <summary>Its namespace.</summary>
    public const string Namespace = "shop";

    /// <summary>The pods of the service; each is also an instance.</summary>
    public static readonly string[] Pods = ["checkout-7d9f8-abcde", "checkout-7d9f8-fghij"];

    /// <summary>An unrelated pod that must never appear in the service's panels.</summary>
    public const string OtherPod = "web-5c4b-xyz12";

    /// <summary>Seconds between samples, a common scrape interval.</summary>
    public const int Step = 15;

    /// <summary>What $__rate_interval is for a 15 s scrape interval.</summary>
    public const string RateInterval = "1m";

    // Per-container rates and values of each service pod: app container, sidecar; the pod-level and pause
    // series carry the sum and a small value and must be excluded.
    private const double AppCpu = 0.30, SidecarCpu = 0.10;
    private const double AppCpuLimit = 0.5, SidecarCpuLimit = 0.3;
    private const double AppPeriods = 10, SidecarPeriods = 10, AppThrottled = 2.5, SidecarThrottled = 0;
    private const double AppMemory = 200 * Mi, SidecarMemory = 56 * Mi, AppMemoryLimit = 384 * Mi, SidecarMemoryLimit = 128 * Mi;
    private const double AppFs = 10 * Mi, SidecarFs = 2 * Mi;
    private const double AppReads = 1000, SidecarReads = 24, AppWrites = 2048, SidecarWrites = 0;
    private const double Receive = 4096, Transmit = 8192;
    // The service's own resource series on a host without readable cgroup figures: process CPU time and
    // resident set, and the limits the library always exports (the machine's when the container has none).
    private const double ProcessCpu = 0.25, CpuLimitCores = 0.5, ProcessResident = 96 * Mi, MemoryLimit = 512 * Mi;
    private const double RequestsPerSecond = 12;
    private const double RequestSeconds = 0.09;
    private const string Histogram = "http_server_request_duration_seconds";
    private static readonly string[] Buckets = ["0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1", "2.5", "5", "7.5", "10", "+Inf"];
    private const double Mi = 1024 * 1024;

    /// <summary>The route with traffic, 12 requests per second per pod, all between 75 and 100 ms.</summary>
    public const string BusyRoute = "/api/orders";

    /// <summary>A route with requests in the past but none in the last ten minutes.</summary>
    public const string IdleRoute = "/api/admin";

    /// <summary>The busy route's requests per second, over both service pods.</summary>
    public const double ServiceRequestsPerSecond = 2 * RequestsPerSecond;

    /// <summary>A quantile q of the busy route: interpolated in the (0.075, 0.1] bucket that holds every request.</summary>
    public static double Quantile(double q) => 0.075 + (q * 0.025);

    /// <summary>The value each cAdvisor panel's first query must show for every service pod.</summary>
    public static IReadOnlyDictionary<string, double> ExpectedPerPod { get; } = new Dictionary<string, double>
    {
        ["CPU % (cAdvisor)"] = (AppCpu + SidecarCpu) / (AppCpuLimit + SidecarCpuLimit),
        ["CPU Cores Used (cAdvisor)"] = AppCpu + SidecarCpu,
        ["CPU Throttle (cAdvisor)"] = (AppThrottled + SidecarThrottled) / (AppPeriods + SidecarPeriods),
        ["Memory % (cAdvisor)"] = (AppMemory + SidecarMemory) / (AppMemoryLimit + SidecarMemoryLimit),
        ["Memory Bytes (cAdvisor)"] = AppMemory + SidecarMemory,
        ["Disk Usage (cAdvisor)"] = AppFs + SidecarFs,
        ["Disk I/O (cAdvisor)"] = AppReads + SidecarReads,
        ["Network Usage (cAdvisor)"] = Receive,
    };

    /// <summary>CPU % and Memory % of each service pod from its process series, the cgroup ones being absent.</summary>
    public static IReadOnlyDictionary<string, double> ExpectedWithoutCgroup { get; } = new Dictionary<string, double>
    {
        ["CPU %"] = ProcessCpu / CpuLimitCores,
        ["Memory %"] = ProcessResident / MemoryLimit,
    };

    /// <summary>The value of the second query (B) or reference line (T) where a panel has one.</summary>
    public static IReadOnlyDictionary<(string Panel, string RefId), double> ExpectedSecondary { get; } = new Dictionary<(string, string), double>
    {
        [("CPU Cores Used (cAdvisor)", "T")] = AppCpuLimit + SidecarCpuLimit,
        [("Memory Bytes (cAdvisor)", "T")] = AppMemoryLimit + SidecarMemoryLimit,
        [("Disk I/O (cAdvisor)", "B")] = AppWrites + SidecarWrites,
        [("Network Usage (cAdvisor)", "B")] = Transmit,
    };

    /// <summary>The OpenMetrics text for the ten minutes ending at <paramref name="end"/> (Unix seconds).</summary>
    public static string OpenMetrics(long end)
    {
        var start = end - 600;
        var families = new Dictionary<string, (string Type, List<(string Series, Func<long, double> Value)> Series)>();

        void Add(string family, string type, string name, string labels, Func<long, double> value)
        {
            if (!families.TryGetValue(family, out var f))
            {
                families[family] = f = (type, []);
            }

            f.Series.Add(($"{name}{{{labels}}}", value));
        }

        Func<long, double> Counter(double perSecond) => t => 1000 + (perSecond * (t - start));
        Func<long, double> Gauge(double value) => _ => value;

        foreach (var (pod, ns, job) in Pods.Select(p => (p, Namespace, Job)).Append((OtherPod, "other", "other/web")))
        {
            var target = $"job=\"{job}\",instance=\"{pod}\",namespace=\"{ns}\",pod=\"{pod}\"";
            Add("target_info", "gauge", "target_info", target + ",service_name=\"checkout\"", Gauge(1));
            foreach (var (route, perSecond) in new[] { (BusyRoute, RequestsPerSecond), (IdleRoute, 0.0) })
            {
                // Every request of the busy route takes between 75 and 100 ms; the idle route served requests long ago.
                var request = target + $",http_route=\"{route}\",http_request_method=\"GET\",http_response_status_code=\"200\"";
                foreach (var le in Buckets)
                {
                    Add(Histogram, "histogram", Histogram + "_bucket", request + $",le=\"{le}\"", Counter(le is "0.005" or "0.01" or "0.025" or "0.05" or "0.075" ? 0 : perSecond));
                }

                Add(Histogram, "histogram", Histogram + "_sum", request, Counter(perSecond * RequestSeconds));
                Add(Histogram, "histogram", Histogram + "_count", request, Counter(perSecond));
            }

            var own = $"job=\"{job}\",instance=\"{pod}\"";
            Add("process_cpu_seconds", "counter", "process_cpu_seconds_total", own, Counter(ProcessCpu));
            Add("process_resident_memory_bytes", "gauge", "process_resident_memory_bytes", own, Gauge(ProcessResident));
            Add("otelkpi_container_cpu_limit_cores", "gauge", "otelkpi_container_cpu_limit_cores", own, Gauge(CpuLimitCores));
            Add("otelkpi_container_memory_limit_bytes", "gauge", "otelkpi_container_memory_limit_bytes", own, Gauge(MemoryLimit));

            var kubelet = $"job=\"kubelet\",instance=\"node-1\",namespace=\"{ns}\",pod=\"{pod}\"";
            foreach (var container in new[] { "app", "proxy" })
            {
                var c = kubelet + $",container=\"{container}\"";
                var app = container == "app";
                Add("container_cpu_usage_seconds", "counter", "container_cpu_usage_seconds_total", c + ",cpu=\"total\"", Counter(app ? AppCpu : SidecarCpu));
                Add("container_cpu_cfs_periods", "counter", "container_cpu_cfs_periods_total", c, Counter(app ? AppPeriods : SidecarPeriods));
                Add("container_cpu_cfs_throttled_periods", "counter", "container_cpu_cfs_throttled_periods_total", c, Counter(app ? AppThrottled : SidecarThrottled));
                Add("container_memory_working_set_bytes", "gauge", "container_memory_working_set_bytes", c, Gauge(app ? AppMemory : SidecarMemory));
                Add("container_fs_usage_bytes", "gauge", "container_fs_usage_bytes", c + ",device=\"/dev/sda1\"", Gauge(app ? AppFs : SidecarFs));
                Add("container_fs_reads_bytes", "counter", "container_fs_reads_bytes_total", c + ",device=\"/dev/sda1\"", Counter(app ? AppReads : SidecarReads));
                Add("container_fs_writes_bytes", "counter", "container_fs_writes_bytes_total", c + ",device=\"/dev/sda1\"", Counter(app ? AppWrites : SidecarWrites));
                var ksm = $"job=\"kube-state-metrics\",namespace=\"{ns}\",pod=\"{pod}\",container=\"{container}\",node=\"node-1\"";
                Add("kube_pod_container_resource_limits", "gauge", "kube_pod_container_resource_limits", ksm + ",resource=\"cpu\",unit=\"core\"", Gauge(app ? AppCpuLimit : SidecarCpuLimit));
                Add("kube_pod_container_resource_limits", "gauge", "kube_pod_container_resource_limits", ksm + ",resource=\"memory\",unit=\"byte\"", Gauge(app ? AppMemoryLimit : SidecarMemoryLimit));
            }

            // The pod-level cgroup (container="") repeats the containers' sum; the pause container ("POD") is tiny.
            var podLevel = kubelet + ",container=\"\"";
            Add("container_cpu_usage_seconds", "counter", "container_cpu_usage_seconds_total", podLevel + ",cpu=\"total\"", Counter(AppCpu + SidecarCpu));
            Add("container_cpu_usage_seconds", "counter", "container_cpu_usage_seconds_total", kubelet + ",container=\"POD\",cpu=\"total\"", Counter(0.001));
            Add("container_memory_working_set_bytes", "gauge", "container_memory_working_set_bytes", podLevel, Gauge(AppMemory + SidecarMemory));
            Add("container_cpu_cfs_periods", "counter", "container_cpu_cfs_periods_total", podLevel, Counter(AppPeriods));
            Add("container_cpu_cfs_throttled_periods", "counter", "container_cpu_cfs_throttled_periods_total", podLevel, Counter(AppPeriods));
            // Network is accounted per pod only.
            Add("container_network_receive_bytes", "counter", "container_network_receive_bytes_total", podLevel + ",interface=\"eth0\"", Counter(Receive));
            Add("container_network_transmit_bytes", "counter", "container_network_transmit_bytes_total", podLevel + ",interface=\"eth0\"", Counter(Transmit));
        }

        var text = new StringBuilder();
        foreach (var (family, (type, series)) in families)
        {
            text.Append("# TYPE ").Append(family).Append(' ').Append(type).Append('\n');
            foreach (var (name, value) in series)
            {
                for (var t = start; t <= end; t += Step)
                {
                    text.Append(name).Append(' ')
                        .Append(value(t).ToString("R", CultureInfo.InvariantCulture)).Append(' ')
                        .Append(t.ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
            }
        }

        return text.Append("# EOF\n").ToString();
    }
}
