using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OtelKpi.Testing;

namespace OtelKpi.CollectorConfig.Tests.Otlp;

/// <summary>
/// A small ASP.NET Core service with AddKpiTelemetry() and OTLP export switched on, on Kestrel on a free
/// loopback port, so that its requests go through real sockets and an unhandled exception is a real 500.
/// </summary>
internal sealed class KpiOtlpHost : IAsyncDisposable
{
    /// <summary>The service.name the host reports.</summary>
    public const string ServiceName = "otlp-export-test";

    /// <summary>The export interval the host configures.</summary>
    public const int ExportIntervalMilliseconds = 1000;

    private readonly WebApplication app;

    private KpiOtlpHost(WebApplication app, HttpClient client)
    {
        this.app = app;
        this.Client = client;
    }

    /// <summary>Gets a client of the service.</summary>
    public HttpClient Client { get; }

    /// <summary>Starts the service exporting every second over OTLP/HTTP to <paramref name="endpoint"/>.</summary>
    public static async Task<KpiOtlpHost> StartAsync(Uri endpoint, int timeoutMilliseconds = 10000)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "kpi-otlp-test", EnvironmentName = "Staging" });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.Sources.Clear();
        builder.Services.AddKpiTelemetry(o =>
        {
            o.ServiceName = ServiceName;
            o.Otlp.Enabled = true;
            o.Otlp.Protocol = KpiOtlpOptions.HttpProtobufProtocol;
            o.Otlp.Endpoint = endpoint.ToString().TrimEnd('/');
            o.Otlp.ExportIntervalMilliseconds = ExportIntervalMilliseconds;
            o.Otlp.TimeoutMilliseconds = timeoutMilliseconds;
        });

        var app = builder.Build();
        app.MapKpiMetrics();
        app.MapGet("/ok", () => "ok");
        app.MapGet("/items/{id:int}", (int id) => id);
        app.MapGet("/boom", string () => throw new InvalidOperationException("boom"));
        await app.StartAsync();
        return new KpiOtlpHost(app, new HttpClient { BaseAddress = new Uri(app.Urls.Single()) });
    }

    /// <summary>Scrapes the service's own /metrics.</summary>
    public Task<PrometheusScrape> ScrapeAsync() => this.Client.ScrapeAsync();

    /// <inheritdoc cref="MetricsEndpoint.ScrapeUntilRequestCountAsync"/>
    public Task<PrometheusScrape> ScrapeUntilRequestCountAsync(double expected) => this.Client.ScrapeUntilRequestCountAsync(expected);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        this.Client.Dispose();
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }
}
