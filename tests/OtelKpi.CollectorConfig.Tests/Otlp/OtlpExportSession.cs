namespace OtelKpi.CollectorConfig.Tests.Otlp;

/// <summary>
/// One run of a service exporting OTLP to <see cref="OtlpHttpReceiver"/>: a known set of requests, then
/// the first export whose cumulative request count includes all of them, a /metrics scrape of the same
/// process for comparison, and at least one export after that, and at least <see cref="MinimumExports"/> in all
/// (so that the spacing of exports can be measured). Shared by the tests that read it.
/// </summary>
public sealed class OtlpExportSession : IAsyncLifetime
{
    /// <summary>The requests the session makes: path and expected status.</summary>
    internal static readonly (string Path, int Status)[] Traffic =
        [("/ok", 200), ("/ok", 200), ("/ok", 200), ("/items/7", 200), ("/items/8", 200), ("/boom", 500)];

    /// <summary>The fewest exports a session collects: three intervals between them.</summary>
    internal const int MinimumExports = 4;

    private OtlpHttpReceiver? receiver;

    internal IReadOnlyList<ReceivedRequest> Requests { get; private set; } = [];

    internal ReceivedRequest Complete { get; private set; } = null!;

    internal OtelKpi.Testing.PrometheusScrape Scrape { get; private set; } = null!;

    internal IReadOnlyList<int> Statuses { get; private set; } = [];

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        this.receiver = await OtlpHttpReceiver.StartAsync();
        await using var host = await KpiOtlpHost.StartAsync(this.receiver.BaseAddress);

        var statuses = new List<int>();
        foreach (var (path, _) in Traffic)
        {
            using var response = await host.Client.GetAsync(path);
            statuses.Add((int)response.StatusCode);
        }

        this.Statuses = statuses;
        this.Complete = await this.receiver.WaitForAsync(
            r => r.Path == "/v1/metrics" && RequestCount(r.Metrics) == (ulong)Traffic.Length,
            TimeSpan.FromSeconds(30));
        this.Scrape = await host.ScrapeUntilRequestCountAsync(Traffic.Length);
        // One more export shows the periodic reader keeps exporting after the first complete one.
        var exportsSoFar = this.receiver.Requests.Count;
        var wanted = Math.Max(exportsSoFar + 1, MinimumExports);
        await this.receiver.WaitForAsync(r => this.receiver.Requests.Count >= wanted, TimeSpan.FromSeconds(30));
        this.Requests = this.receiver.Requests;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (this.receiver is not null)
        {
            await this.receiver.DisposeAsync();
        }
    }

    /// <summary>The total count of http.server.request.duration in one export (cumulative, so all so far).</summary>
    internal static ulong RequestCount(OtlpMetricsRequest request) => request.Metrics
        .Where(m => m.Metric.Name == "http.server.request.duration")
        .SelectMany(m => m.Metric.Points)
        .Aggregate(0UL, (total, p) => total + (p.Count ?? 0));
}
