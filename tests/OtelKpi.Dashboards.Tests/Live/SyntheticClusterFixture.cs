using System.Globalization;
using OtelKpi.Testing;

namespace OtelKpi.Dashboards.Tests.Live;

/// <summary>
/// A real Prometheus whose storage holds <see cref="SyntheticCluster"/>'s ten minutes, written into TSDB blocks
/// by promtool; queries run at <see cref="End"/>, the last sample.
/// </summary>
public sealed class SyntheticClusterFixture : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("otelkpi-cluster-").FullName;

    /// <summary>Gets Prometheus.</summary>
    public PrometheusServer Prometheus { get; private set; } = null!;

    /// <summary>Gets the time of the last sample, when every query runs.</summary>
    public DateTimeOffset End { get; } = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60 - 300);

    /// <summary>Built-in variables for a 15 s scrape interval.</summary>
    public IReadOnlyDictionary<string, string> BuiltIns { get; } = new Dictionary<string, string>
    {
        ["__rate_interval"] = SyntheticCluster.RateInterval,
        ["__interval"] = "15s",
        ["__range"] = "10m",
    };

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        var input = Path.Combine(this.directory, "cluster.om.txt");
        var storage = Path.Combine(this.directory, "data");
        await File.WriteAllTextAsync(input, SyntheticCluster.OpenMetrics(this.End.ToUnixTimeSeconds()));
        (await CommandLine.RunAsync("promtool", ["tsdb", "create-blocks-from", "openmetrics", input, storage], timeout: TimeSpan.FromMinutes(1)))
            .EnsureSuccess("promtool tsdb create-blocks-from openmetrics");
        this.Prometheus = await PrometheusServer.StartAsync(
            string.Create(CultureInfo.InvariantCulture, $"global:\n  scrape_interval: {SyntheticCluster.Step}s\nscrape_configs: []\n"),
            storage);
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (this.Prometheus is not null)
        {
            await this.Prometheus.DisposeAsync();
        }

        Directory.Delete(this.directory, recursive: true);
    }
}
