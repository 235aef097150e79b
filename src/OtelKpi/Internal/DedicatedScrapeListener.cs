using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using System.Net;

namespace OtelKpi.Internal;

/// <summary>
/// Serves the scrape endpoint on its own Kestrel listener when <c>KpiTelemetry:Scrape:Port</c> is set,
/// so that /metrics is never reachable through the application's public port. It leaves the
/// application's own Kestrel configuration (ASPNETCORE_URLS, Kestrel:Endpoints) untouched. The listener is
/// a host of its own, so its requests never count as the service's traffic (see KpiStreamPolicy).
/// </summary>
internal sealed partial class DedicatedScrapeListener(
    IServiceProvider services,
    IOptions<KpiTelemetryOptions> options,
    ILogger<DedicatedScrapeListener> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? listener;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scrape = options.Value.Scrape;
        if (!scrape.Enabled || scrape.Port is not { } port)
        {
            return;
        }

        var meterProvider = services.GetRequiredService<MeterProvider>();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            if (scrape.BindAddress is { } address)
            {
                kestrel.Listen(IPAddress.Parse(address), port);
            }
            else
            {
                kestrel.ListenAnyIP(port);
            }
        });
        var app = builder.Build();
        var path = new PathString(scrape.Path);

        app.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider, context => context.Request.Path == path, null, ScrapeTextFormat.Configure, null);
        app.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        this.listener = app;
        LogListening(logger, scrape.BindAddress ?? "*", port, scrape.Path);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (this.listener is { } app)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (this.listener is { } app)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            this.listener = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving Prometheus metrics on http://{Address}:{Port}{Path}")]
    private static partial void LogListening(ILogger logger, string address, int port, string path);
}
