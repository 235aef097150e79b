using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Diagnostics.Metrics;
using OtelKpi.Internal;

namespace OtelKpi.Benchmarks;

/// <summary>
/// The only code of OtelKpi's own that runs on every request: the middleware that keeps the scrape path and
/// health probes out of the HTTP metrics, times the request, counts it as active and, once the application has run,
/// records it with what it is credited to (original endpoint after an error page, long-lived sessions and health checks
/// left out, error.type on 5xx only). It runs with the default options, on its own in front of an endpoint that does
/// nothing, for a request that completes at once, one that completes later (as most real endpoints do), a health probe,
/// and a request an error page re-executed. A <see cref="MeterListener"/> that only counts stands in for OpenTelemetry,
/// whose aggregation <see cref="PerRequestBenchmarks"/> measures with everything else a request pays for.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class OwnCodePerRequestBenchmarks : IDisposable
{
    private static readonly RequestDelegate Terminal = static _ => Task.CompletedTask;

    private static readonly Endpoint Throwing = new(Terminal, new EndpointMetadataCollection(new RouteMetadata("/api/items/{id:int}")), "HTTP: GET /api/items/{id:int}");
    private static readonly Endpoint ErrorPage = new(Terminal, new EndpointMetadataCollection(new RouteMetadata("/error")), "HTTP: GET /error");

    private readonly DefaultHttpContext applicationRequest = NewRequest("/api/items/42");
    private readonly DefaultHttpContext laterRequest = NewRequest("/api/items/43");
    private readonly DefaultHttpContext healthProbe = NewRequest("/healthz");
    private readonly DefaultHttpContext reExecutedRequest = NewRequest("/api/items/44");
    private readonly MeterListener listener = new();
    private RequestDelegate? pipeline;
    private ActiveRequestCounter? active;
    private long recorded;
    private object? lastRoute;

    [GlobalSetup]
    public void SetUp()
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meterFactory = services.GetRequiredService<IMeterFactory>();
        this.active = new ActiveRequestCounter(meterFactory);
        var duration = new RequestDurationRecorder(meterFactory);
        this.listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument, duration.Instrument))
            {
                listener.EnableMeasurementEvents(instrument, this);
            }
        };
        this.listener.SetMeasurementEventCallback<double>(static (_, _, tags, state) =>
        {
            var benchmark = (OwnCodePerRequestBenchmarks)state!;
            Interlocked.Increment(ref benchmark.recorded);
            benchmark.lastRoute = tags[^1].Value;
        });
        this.listener.Start();

        var filter = new RequestMetricsStartupFilter(Options.Create(new KpiTelemetryOptions()), this.active, duration);
        var app = new ApplicationBuilder(services);
        filter.Configure(builder => builder.Run(Application))(app);
        this.pipeline = app.Build();

        this.reExecutedRequest.Response.StatusCode = 500;
        this.reExecutedRequest.Features.Set<IExceptionHandlerPathFeature>(new ExceptionHandlerFeature { Error = new InvalidOperationException(), Endpoint = Throwing, Path = "/api/items/44" });
        this.reExecutedRequest.Items[ReExecutedRequest.OriginalEndpointKey] = Throwing;

        this.pipeline(this.healthProbe).GetAwaiter().GetResult();
        var afterProbe = this.recorded;
        this.pipeline(this.reExecutedRequest).GetAwaiter().GetResult();
        var reExecutedRoute = this.lastRoute;
        this.pipeline(this.applicationRequest).GetAwaiter().GetResult();
        this.pipeline(this.laterRequest).GetAwaiter().GetResult();

        if (afterProbe != 0 || this.recorded != 3 || !Equals(reExecutedRoute, "/api/items/{id:int}") || this.active.Observe().Single() is not { Value: 0 })
        {
            throw new InvalidOperationException(
                "The middleware did not record exactly the three application requests, credit the re-executed one to the endpoint that threw and count every request out again.");
        }
    }

    [Benchmark(Baseline = true)]
    public Task EmptyEndpoint() => Terminal(this.applicationRequest);

    /// <summary>The floor of <see cref="MiddlewareOnRequestCompletingLater"/>: the yield alone.</summary>
    [Benchmark]
    public Task EndpointCompletingLater() => YieldAsync();

    [Benchmark]
    public Task MiddlewareOnApplicationRequest() => this.pipeline!(this.applicationRequest);

    [Benchmark]
    public Task MiddlewareOnRequestCompletingLater() => this.pipeline!(this.laterRequest);

    [Benchmark]
    public Task MiddlewareOnHealthProbe() => this.pipeline!(this.healthProbe);

    [Benchmark]
    public Task MiddlewareOnReExecutedRequest() => this.pipeline!(this.reExecutedRequest);

    [GlobalCleanup]
    public void Dispose()
    {
        this.listener.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Completes at once, except for <see cref="laterRequest"/>, which yields once; a re-executed request ends at the
    /// error page's endpoint, as after <c>UseExceptionHandler("/error")</c>. Each request's metrics feature is taken
    /// away, as Kestrel starts every request on a connection with none: the middleware sets a new one each time.
    /// </summary>
    private Task Application(HttpContext context)
    {
        context.Features.Set<IHttpMetricsTagsFeature>(null);
        if (ReferenceEquals(context, this.reExecutedRequest))
        {
            context.SetEndpoint(ErrorPage);
        }

        return ReferenceEquals(context, this.laterRequest) ? YieldAsync() : Task.CompletedTask;
    }

    private static async Task YieldAsync() => await Task.Yield();

    private static DefaultHttpContext NewRequest(string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        return context;
    }

    private sealed class RouteMetadata(string route) : IRouteDiagnosticsMetadata
    {
        public string Route { get; } = route;
    }
}
