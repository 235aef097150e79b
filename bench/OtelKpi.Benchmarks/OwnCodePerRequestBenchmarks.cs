using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Diagnostics.Metrics;
using OtelKpi.Internal;

namespace OtelKpi.Benchmarks;

/// <summary>
/// The only code of OtelKpi's own that runs on every request: the middleware that keeps the scrape path and
/// health probes out of the HTTP metrics and, once the application has run, settles what the request is recorded
/// as (original endpoint after an error page, long-lived sessions and health checks left out, error.type on 5xx
/// only). It runs with the default options, on its own in front of an endpoint that does nothing, for a request that
/// completes at once, one that completes later (as most real endpoints do), a health probe, and a request an error
/// page re-executed. Everything else a request pays for is ASP.NET Core's and OpenTelemetry's (see
/// <see cref="PerRequestBenchmarks"/>).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class OwnCodePerRequestBenchmarks
{
    private static readonly RequestDelegate Terminal = static _ => Task.CompletedTask;

    private static readonly Endpoint Throwing = new(Terminal, EndpointMetadataCollection.Empty, "HTTP: GET /api/items/{id:int}");
    private static readonly Endpoint ErrorPage = new(Terminal, EndpointMetadataCollection.Empty, "HTTP: GET /error");

    private readonly DefaultHttpContext applicationRequest = NewRequest("/api/items/42");
    private readonly DefaultHttpContext laterRequest = NewRequest("/api/items/43");
    private readonly DefaultHttpContext healthProbe = NewRequest("/healthz");
    private readonly DefaultHttpContext reExecutedRequest = NewRequest("/api/items/44");
    private RequestDelegate? pipeline;
    private ActiveRequestCounter? active;

    [GlobalSetup]
    public void SetUp()
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        this.active = new ActiveRequestCounter(services.GetRequiredService<IMeterFactory>());
        var filter = new RequestMetricsStartupFilter(Options.Create(new KpiTelemetryOptions()), this.active);
        var app = new ApplicationBuilder(services);
        filter.Configure(builder => builder.Run(Application))(app);
        this.pipeline = app.Build();

        this.reExecutedRequest.Response.StatusCode = 500;
        this.reExecutedRequest.Features.Set<IExceptionHandlerPathFeature>(new ExceptionHandlerFeature { Error = new InvalidOperationException(), Endpoint = Throwing, Path = "/api/items/44" });
        this.reExecutedRequest.Items[ReExecutedRequest.OriginalEndpointKey] = Throwing;

        foreach (var context in new[] { this.healthProbe, this.applicationRequest, this.laterRequest, this.reExecutedRequest })
        {
            this.pipeline(context).GetAwaiter().GetResult();
        }

        if (!this.healthProbe.Features.GetRequiredFeature<IHttpMetricsTagsFeature>().MetricsDisabled
            || this.applicationRequest.Features.GetRequiredFeature<IHttpMetricsTagsFeature>().MetricsDisabled
            || this.laterRequest.Features.GetRequiredFeature<IHttpMetricsTagsFeature>().MetricsDisabled
            || this.reExecutedRequest.GetEndpoint() != Throwing
            || this.active.Observe().Single() is not { Value: 0 })
        {
            throw new InvalidOperationException("The middleware did not exclude exactly the health probe, restore the re-executed request's endpoint and count every request out again.");
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

    /// <summary>
    /// Completes at once, except for <see cref="laterRequest"/>, which yields once; a re-executed request ends at the
    /// error page's endpoint, as after <c>UseExceptionHandler("/error")</c>.
    /// </summary>
    private Task Application(HttpContext context)
    {
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
        context.Features.Set<IHttpMetricsTagsFeature>(new MetricsTags());
        return context;
    }

    private sealed class MetricsTags : IHttpMetricsTagsFeature
    {
        public ICollection<KeyValuePair<string, object?>> Tags { get; } = [];

        public bool MetricsDisabled { get; set; }
    }
}
