using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using OtelKpi.Benchmarks.Apps;
using System.Diagnostics.Metrics;

namespace OtelKpi.Benchmarks;

/// <summary>
/// The cost of one request to the same minimal endpoint (<c>GET /api/items/{id:int}</c>) on a bare service,
/// with OtelKpi and with prometheus-net (with and without its default adapters, see <see cref="ServiceVariant"/>),
/// run through the whole ASP.NET Core pipeline in process by <see cref="InProcessServer"/>. The set-up scrapes
/// once, as Prometheus would have by then: prometheus-net starts its adapters on the first scrape.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PerRequestBenchmarks
{
    private const int VerificationRequests = 100;

    private WebApplication? app;
    private InProcessServer? server;
    private MeterListener? hostingListener;
    private ServiceVariant variant;

    [GlobalSetup(Target = nameof(Bare))]
    public Task SetUpBareAsync() => this.StartAsync(ServiceVariant.Bare);

    [GlobalSetup(Target = nameof(BareWithHostingMeterListener))]
    public Task SetUpBareWithHostingMeterListenerAsync()
    {
        this.hostingListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Microsoft.AspNetCore.Hosting")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        this.hostingListener.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
        this.hostingListener.SetMeasurementEventCallback<long>(static (_, _, _, _) => { });
        this.hostingListener.Start();
        return this.StartAsync(ServiceVariant.Bare);
    }

    [GlobalSetup(Target = nameof(OtelKpi))]
    public Task SetUpOtelKpiAsync() => this.StartAsync(ServiceVariant.OtelKpi);

    [GlobalSetup(Target = nameof(PrometheusNet))]
    public Task SetUpPrometheusNetAsync() => this.StartAsync(ServiceVariant.PrometheusNet);

    [GlobalSetup(Target = nameof(PrometheusNetHttpOnly))]
    public Task SetUpPrometheusNetHttpOnlyAsync() => this.StartAsync(ServiceVariant.PrometheusNetHttpOnly);

    [Benchmark(Baseline = true, Description = "bare")]
    public Task<int> Bare() => this.server!.SendAsync(BenchmarkService.ItemPath);

    /// <summary>
    /// The bare service with a listener that enables ASP.NET Core's own request instruments and discards every
    /// measurement: what ASP.NET Core itself spends on its metrics, which any solution built on them pays.
    /// </summary>
    [Benchmark(Description = "bare+aspnetcore-meter-listener")]
    public Task<int> BareWithHostingMeterListener() => this.server!.SendAsync(BenchmarkService.ItemPath);

    [Benchmark(Description = "OtelKpi")]
    public Task<int> OtelKpi() => this.server!.SendAsync(BenchmarkService.ItemPath);

    [Benchmark(Description = "prometheus-net")]
    public Task<int> PrometheusNet() => this.server!.SendAsync(BenchmarkService.ItemPath);

    [Benchmark(Description = "prometheus-net-http-only")]
    public Task<int> PrometheusNetHttpOnly() => this.server!.SendAsync(BenchmarkService.ItemPath);

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        if (this.app is not null)
        {
            await this.app.StopAsync();
            await this.app.DisposeAsync();
        }

        this.hostingListener?.Dispose();
    }

    private async Task StartAsync(ServiceVariant serviceVariant)
    {
        this.variant = serviceVariant;
        (this.app, this.server) = await BenchmarkService.StartInProcessAsync(serviceVariant);
        await this.VerifyAsync();
    }

    /// <summary>A measurement of a set-up that records nothing would be meaningless: check that it counts requests.</summary>
    private async Task VerifyAsync()
    {
        // Counted before and after, because prometheus-net's static registry may already hold requests of
        // another service in this process (in-process smoke runs). The first scrape also starts its adapters.
        var countedBefore = await this.CountedRequestsAsync();
        for (var i = 0; i < VerificationRequests; i++)
        {
            var status = await this.server!.SendAsync(BenchmarkService.ItemPath);
            if (status != 200)
            {
                throw new InvalidOperationException($"{BenchmarkService.ItemPath} answered {status} on the {ServiceVariants.Name(this.variant)} service.");
            }
        }

        var counted = await this.CountedRequestsAsync() - countedBefore;
        if (this.variant != ServiceVariant.Bare && counted != VerificationRequests)
        {
            throw new InvalidOperationException(
                $"The {ServiceVariants.Name(this.variant)} service counted {counted} requests to {BenchmarkService.ItemRoute}, expected {VerificationRequests}.");
        }
    }

    private async Task<double> CountedRequestsAsync() =>
        this.variant == ServiceVariant.Bare
            ? 0
            : ExpositionText.RequestCount(await Scraper.ScrapeAsync(this.server!), this.variant, BenchmarkService.ItemRoute);
}
