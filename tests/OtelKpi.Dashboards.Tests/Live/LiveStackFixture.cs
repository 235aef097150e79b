using System.Globalization;
using OtelKpi.Testing;
using OtelKpi.Testing.Kernel;

namespace OtelKpi.Dashboards.Tests.Live;

/// <summary>
/// The sample service with traffic of a known shape, run as in a container (cgroup v1 groups and a veth network
/// namespace of its own, so that every resource series of the contract exists and every panel has data), scraped
/// every second by a real Prometheus configured from the shipped prometheus.yml with every shipped rule file loaded; ready once a whole rate window of
/// scrapes, the threshold rules and the slow-request ratio are in.
/// </summary>
public sealed class LiveStackFixture : IAsyncLifetime
{
    /// <summary>The generated traffic: rate, exact 5xx share and share of 0.6-1.2 s requests.</summary>
    public static readonly SampleTraffic Traffic = new(RequestsPerSecond: 100, ErrorRatio: 0.1, SlowRatio: 0.05);

    /// <summary>What $__rate_interval stands for: Grafana would use 4 x the 1 s scrape interval or more.</summary>
    public const string RateInterval = "20s";

    private const int ScrapesBeforeReady = 25; // a full 20 s rate window plus margin

    private CgroupV1Sandbox? groups;
    private VethNamespace? network;

    /// <summary>Gets the sample service.</summary>
    public SampleServiceProcess Sample { get; private set; } = null!;

    /// <summary>Gets Prometheus.</summary>
    public PrometheusServer Prometheus { get; private set; } = null!;

    /// <summary>Gets the job label of the sample's series (the shipped job name).</summary>
    public string Job { get; } = ShippedPrometheusConfig.JobName();

    /// <summary>Gets the service's own request count, read from its /metrics once Prometheus had scraped it twice, and when.</summary>
    public (double Requests, DateTimeOffset At) RequestsAtFirstScrapes { get; private set; }

    /// <summary>Built-in variables as Grafana would substitute them for this run.</summary>
    public IReadOnlyDictionary<string, string> BuiltIns { get; } = new Dictionary<string, string>
    {
        ["__rate_interval"] = RateInterval,
        ["__interval"] = "1s",
        ["__range"] = "5m",
    };

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        try
        {
            await this.StartAsync();
        }
        catch
        {
            await this.DisposeAsync();
            throw;
        }
    }

    /// <summary>The request count the service itself reports now, every route and status summed.</summary>
    public async Task<double> CountRequestsAsync() =>
        (await this.Sample.ScrapeAsync()).Sum("http_server_request_duration_seconds_count");

    /// <summary>A failure message with both logs' tails.</summary>
    public string Logs() =>
        string.Create(CultureInfo.InvariantCulture, $"--- Prometheus\n{Tail(this.Prometheus.Log)}\n--- sample\n{Tail(this.Sample.Log)}");

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (this.Prometheus is not null)
        {
            await this.Prometheus.DisposeAsync();
        }

        if (this.Sample is not null)
        {
            await this.Sample.DisposeAsync();
        }

        if (this.network is not null)
        {
            await this.network.DisposeAsync();
        }

        if (this.groups is not null)
        {
            await this.groups.DisposeAsync();
        }
    }

    private async Task StartAsync()
    {
        this.groups = await CgroupV1Sandbox.CreateAsync(null, null);
        this.network = await VethNamespace.CreateAsync();
        this.Sample = await SampleServiceProcess.StartAsync(Traffic, this.groups.LaunchInside(this.network));
        this.Prometheus = await PrometheusServer.StartAsync(ShippedPrometheusConfig.Derive(this.Sample.Target, "1s"));

        await this.WaitForScrapesAsync(2);
        this.RequestsAtFirstScrapes = (await this.CountRequestsAsync(), DateTimeOffset.UtcNow);
        await this.WaitForScrapesAsync(ScrapesBeforeReady);
        await this.Prometheus.WaitUntilAsync(
            async () => !(await this.Prometheus.QueryAsync("otelkpi:error_ratio_threshold")).IsEmpty,
            TimeSpan.FromSeconds(30),
            "the threshold rules' first evaluation");
        await this.Prometheus.WaitUntilAsync(
            async () => !(await this.Prometheus.QueryAsync("job:http_server_slow_requests:ratio_rate5m")).IsEmpty,
            TimeSpan.FromSeconds(30),
            "the slow-request ratio the Latency SLI draws");
    }

    private Task WaitForScrapesAsync(int scrapes) => this.Prometheus.WaitUntilAsync(
        async () => (await this.Prometheus.QueryAsync($"count_over_time(up{{job=\"{this.Job}\"}}[1m])")).Series is [{ Value: var n }] && n >= scrapes,
        TimeSpan.FromSeconds(30 + (2 * scrapes)),
        $"{scrapes} scrapes of the sample");

    private static string Tail(string log) => string.Join('\n', log.Split('\n').TakeLast(40));
}
