using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using OtelKpi.Benchmarks.Apps;

namespace OtelKpi.Benchmarks;

/// <summary>
/// The cost of rendering <c>/metrics</c> when the request-duration histogram holds 10, 1,000 or 10,000
/// series (routes x status codes), OtelKpi against prometheus-net with and without its default adapters
/// (see <see cref="ServiceVariant"/>). The body goes to a reused buffer, so the allocations measured are the
/// library's own. Ratios are to OtelKpi.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ScrapeBenchmarks
{
    private readonly MemoryStream body = new();
    private WebApplication? app;
    private InProcessServer? server;

    [Params(10, 1_000, 10_000)]
    public int Series { get; set; }

    [GlobalSetup(Target = nameof(OtelKpi))]
    public Task SetUpOtelKpiAsync() => this.StartAsync(ServiceVariant.OtelKpi);

    [GlobalSetup(Target = nameof(PrometheusNet))]
    public Task SetUpPrometheusNetAsync() => this.StartAsync(ServiceVariant.PrometheusNet);

    [GlobalSetup(Target = nameof(PrometheusNetHttpOnly))]
    public Task SetUpPrometheusNetHttpOnlyAsync() => this.StartAsync(ServiceVariant.PrometheusNetHttpOnly);

    [Benchmark(Baseline = true, Description = "OtelKpi")]
    public Task<int> OtelKpi() => this.ScrapeAsync();

    [Benchmark(Description = "prometheus-net")]
    public Task<int> PrometheusNet() => this.ScrapeAsync();

    [Benchmark(Description = "prometheus-net-http-only")]
    public Task<int> PrometheusNetHttpOnly() => this.ScrapeAsync();

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        if (this.app is not null)
        {
            await this.app.StopAsync();
            await this.app.DisposeAsync();
        }
    }

    private Task<int> ScrapeAsync()
    {
        this.body.SetLength(0);
        return this.server!.SendAsync(BenchmarkService.MetricsPath, this.body);
    }

    private async Task StartAsync(ServiceVariant variant)
    {
        var plan = SeriesPlan.For(this.Series);
        (this.app, this.server) = await BenchmarkService.StartInProcessAsync(variant, plan);
        foreach (var path in plan.RequestPaths())
        {
            await this.server.SendAsync(path);
        }

        var scrape = await Scraper.ScrapeAsync(this.server);
        var series = ExpositionText.CountHistogramSeries(scrape, variant, "/api/s");
        var sharedRegistry = variant != ServiceVariant.OtelKpi && BenchmarkService.PrometheusNetServicesBuilt > 1;
        if (sharedRegistry ? series < this.Series : series != this.Series)
        {
            throw new InvalidOperationException($"The {ServiceVariants.Name(variant)} service exports {series} request-duration series, expected {this.Series}.");
        }

        // Shown in the benchmark log: how much text each library renders for the same series.
        Console.WriteLine($"// {ServiceVariants.Name(variant)}: {this.Series} series, body {scrape.Length} bytes, {scrape.Split('\n').Length} lines");
    }
}
