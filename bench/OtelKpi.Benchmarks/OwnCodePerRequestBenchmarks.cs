using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OtelKpi.Internal;

namespace OtelKpi.Benchmarks;

/// <summary>
/// The only code of OtelKpi's own that runs on every request: the middleware that keeps the scrape path and
/// health probes out of the HTTP metrics, with the default excluded paths, on its own in front of an empty
/// endpoint. Everything else a request pays for is ASP.NET Core's and OpenTelemetry's (see
/// <see cref="PerRequestBenchmarks"/>).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class OwnCodePerRequestBenchmarks
{
    private static readonly RequestDelegate Terminal = static _ => Task.CompletedTask;

    private readonly DefaultHttpContext applicationRequest = NewRequest("/api/items/42");
    private readonly DefaultHttpContext healthProbe = NewRequest("/healthz");
    private RequestDelegate? pipeline;

    [GlobalSetup]
    public void SetUp()
    {
        var filter = new ExcludedPathsStartupFilter(Options.Create(new KpiTelemetryOptions()));
        var app = new ApplicationBuilder(new ServiceCollection().BuildServiceProvider());
        filter.Configure(builder => builder.Run(Terminal))(app);
        this.pipeline = app.Build();

        this.pipeline(this.healthProbe).GetAwaiter().GetResult();
        this.pipeline(this.applicationRequest).GetAwaiter().GetResult();
        if (!this.healthProbe.Features.GetRequiredFeature<IHttpMetricsTagsFeature>().MetricsDisabled
            || this.applicationRequest.Features.GetRequiredFeature<IHttpMetricsTagsFeature>().MetricsDisabled)
        {
            throw new InvalidOperationException("The excluded-paths middleware did not exclude exactly the health probe.");
        }
    }

    [Benchmark(Baseline = true)]
    public Task EmptyEndpoint() => Terminal(this.applicationRequest);

    [Benchmark]
    public Task MiddlewareOnApplicationRequest() => this.pipeline!(this.applicationRequest);

    [Benchmark]
    public Task MiddlewareOnHealthProbe() => this.pipeline!(this.healthProbe);

    private static DefaultHttpContext NewRequest(string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Features.Set<IHttpMetricsTagsFeature>(new MetricsTags());
        return context;
    }

    private sealed class MetricsTags : IHttpMetricsTagsFeature
    {
        public ICollection<KeyValuePair<string, object?>> Tags { get; } = [];

        public bool MetricsDisabled { get; set; }
    }
}
