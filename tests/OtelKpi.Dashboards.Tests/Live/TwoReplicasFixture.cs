using OtelKpi.Testing;
using OtelKpi.Testing.Kernel;

namespace OtelKpi.Dashboards.Tests.Live;

/// <summary>
/// Two replicas of the sample under one job, one failing a fifth of its requests and one a twentieth, scraped
/// every second by a real Prometheus configured from the shipped prometheus.yml with every rule file loaded.
/// Each replica runs in a cgroup and network namespace of its own, as a container does, so that it exports the
/// container series (throttling, block I/O, network) that a process in the machine's root group leaves out.
/// </summary>
public sealed class TwoReplicasFixture : IAsyncLifetime
{
    /// <summary>The replica that is broken.</summary>
    public static readonly SampleTraffic Bad = new(RequestsPerSecond: 40, ErrorRatio: 0.2, SlowRatio: 0.02);

    /// <summary>The healthy replica, at the shipped error threshold.</summary>
    public static readonly SampleTraffic Good = new(RequestsPerSecond: 40, ErrorRatio: 0.05, SlowRatio: 0.02);

    private const int ScrapesBeforeReady = 25;

    private readonly List<IAsyncDisposable> containers = [];

    /// <summary>Gets the broken replica.</summary>
    public SampleServiceProcess BadReplica { get; private set; } = null!;

    /// <summary>Gets the healthy replica.</summary>
    public SampleServiceProcess GoodReplica { get; private set; } = null!;

    /// <summary>Gets Prometheus.</summary>
    public PrometheusServer Prometheus { get; private set; } = null!;

    /// <summary>Gets when the first scrape of both replicas was in.</summary>
    public DateTimeOffset Started { get; private set; }

    /// <summary>Gets the job both replicas share.</summary>
    public string Job { get; } = ShippedPrometheusConfig.JobName();

    /// <summary>Built-in variables as Grafana would substitute them for a 1 s scrape interval.</summary>
    public IReadOnlyDictionary<string, string> BuiltIns { get; } = new Dictionary<string, string> { ["__rate_interval"] = LiveStackFixture.RateInterval };

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        try
        {
            this.BadReplica = await SampleServiceProcess.StartAsync(Bad, await this.ContainerAsync());
            this.GoodReplica = await SampleServiceProcess.StartAsync(Good, await this.ContainerAsync());
            this.Prometheus = await PrometheusServer.StartAsync(ShippedPrometheusConfig.Derive([this.BadReplica.Target, this.GoodReplica.Target], "1s"));
            await this.WaitForScrapesAsync(1);
            this.Started = DateTimeOffset.UtcNow;
            await this.WaitForScrapesAsync(ScrapesBeforeReady);
        }
        catch
        {
            await this.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        foreach (var disposable in new IAsyncDisposable?[] { this.Prometheus, this.BadReplica, this.GoodReplica }.Concat(this.containers))
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    /// <summary>A cgroup (no limits) and a network namespace for one replica; removed after the replicas stop.</summary>
    private async Task<SampleLaunch> ContainerAsync()
    {
        var groups = await CgroupV1Sandbox.CreateAsync(null, null);
        this.containers.Add(groups);
        var network = await VethNamespace.CreateAsync();
        this.containers.Insert(0, network);
        return groups.LaunchInside(network);
    }

    private Task WaitForScrapesAsync(int scrapes) => this.Prometheus.WaitUntilAsync(
        async () => (await this.Prometheus.QueryAsync($"min(count_over_time(up{{job=\"{this.Job}\"}}[1m])) and count(up{{job=\"{this.Job}\"}}) == 2")).Series is [{ Value: var n }] && n >= scrapes,
        TimeSpan.FromSeconds(30 + (2 * scrapes)),
        $"{scrapes} scrapes of both replicas");
}
