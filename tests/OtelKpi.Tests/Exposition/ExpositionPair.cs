using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OtelKpi.Internal.Exposition;

namespace OtelKpi.Tests.Exposition;

/// <summary>
/// One meter provider read by both OpenTelemetry's Prometheus exporter (the oracle, with the options OtelKpi set on it
/// while it served /metrics: text format 0.0.4, scope labels off, no cache) and OtelKpi's streaming writer, served
/// on real loopback Kestrel: <c>/oracle</c> and <c>/mine</c>. Scraping one after the other with nothing recorded in
/// between gives both the same points.
/// </summary>
internal sealed class ExpositionPair : IAsyncDisposable
{
    private ExpositionPair(WebApplication app, MeterProvider provider, Meter[] meters, ScrapeCollector collector)
    {
        this.App = app;
        this.Provider = provider;
        this.Meters = meters;
        this.Collector = collector;
        this.Client = new HttpClient(new HttpClientHandler { AutomaticDecompression = System.Net.DecompressionMethods.None })
        {
            BaseAddress = new Uri(app.Urls.First()),
        };
    }

    public WebApplication App { get; }

    public MeterProvider Provider { get; }

    public Meter[] Meters { get; }

    public ScrapeCollector Collector { get; }

    public HttpClient Client { get; }

    public static async Task<ExpositionPair> StartAsync(
        Action<Meter[]> instruments,
        Action<MeterProviderBuilder>? views = null,
        Action<ResourceBuilder>? resource = null,
        int responseCacheMilliseconds = 0,
        Microsoft.Extensions.Logging.ILogger? log = null)
    {
        Meter[] meters = [new("oracle.first"), new("oracle.second", "1.2.3")];
        var collector = new ScrapeCollector(responseCacheMilliseconds);
        var builder = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r =>
            {
                r.Clear().AddService("oracle-service", serviceInstanceId: "instance-1");
                resource?.Invoke(r);
            })
            .AddMeter(meters.Select(m => m.Name).ToArray())
            .AddPrometheusExporter(o =>
            {
                o.ScopeInfoEnabled = false;
                o.ScrapeResponseCacheDurationMilliseconds = 0;
            })
            .AddReader(collector.CreateReader());
        views?.Invoke(builder);
        var provider = builder.Build();
        instruments(meters);

        var web = WebApplication.CreateSlimBuilder();
        web.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = web.Build();
        var endpoint = new ScrapeEndpoint(collector, new ScrapeFailureLog(log ?? NullLogger.Instance, TimeProvider.System));
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            provider,
            context => context.Request.Path == "/oracle",
            null,
            branch => branch.Use((context, next) =>
            {
                context.Request.Headers.Accept = "text/plain; version=0.0.4";
                return next(context);
            }),
            null);
        app.Run(context => context.Request.Path == "/mine" ? endpoint.HandleAsync(context) : Results.NotFound().ExecuteAsync(context));
        await app.StartAsync();
        return new ExpositionPair(app, provider, meters, collector);
    }

    public async Task<Answer> SendAsync(string path, HttpMethod? method = null, string? acceptEncoding = null, string? scrapeTimeoutSeconds = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        if (scrapeTimeoutSeconds is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Prometheus-Scrape-Timeout-Seconds", scrapeTimeoutSeconds);
        }

        request.Headers.TryAddWithoutValidation("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        using var response = await this.Client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not ("Date" or "Last-Modified" or "Transfer-Encoding" or "Server"))
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        return new Answer((int)response.StatusCode, headers, response.Content.Headers.LastModified, body);
    }

    public async ValueTask DisposeAsync()
    {
        this.Client.Dispose();
        await this.App.StopAsync();
        await this.App.DisposeAsync();
        this.Provider.Dispose();
        this.Collector.Dispose();
        foreach (var meter in this.Meters)
        {
            meter.Dispose();
        }
    }

    public sealed record Answer(int Status, Dictionary<string, string> Headers, DateTimeOffset? LastModified, byte[] Body)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(this.Body);
    }
}
