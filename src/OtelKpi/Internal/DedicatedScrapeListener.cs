using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OtelKpi.Internal.Exposition;
using System.Net;

namespace OtelKpi.Internal;

/// <summary>
/// Serves the scrape endpoint on its own Kestrel listener when <c>KpiTelemetry:Scrape:Port</c> is set,
/// so that /metrics is never reachable through the application's public port. It leaves the
/// application's own Kestrel configuration (ASPNETCORE_URLS, Kestrel:Endpoints) untouched. The listener is
/// a host of its own, so its requests never count as the service's traffic (see KpiStreamPolicy). It binds
/// before any hosted service starts (the application's Kestrel among them), so a port already taken stops
/// start-up before the service takes traffic, with OtelKpi's message as the first line.
/// </summary>
internal sealed class DedicatedScrapeListener(
    IServiceProvider services,
    IOptions<KpiTelemetryOptions> options,
    KpiStartupFailures startupFailures,
    ILoggerFactory? loggers = null) : IHostedLifecycleService, IAsyncDisposable
{
    private readonly ILogger logger = KpiLog.CreateLogger(loggers);
    private WebApplication? listener;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var scrape = options.Value.Scrape;
        if (!scrape.Enabled || scrape.Port is not { } port)
        {
            return;
        }

        _ = services.GetRequiredService<MeterProvider>(); // builds the provider, and with it the scrape reader
        var scrapeEndpoint = services.GetRequiredService<ScrapeEndpoint>();
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

        app.Run(context =>
        {
            if (context.Request.Path == path)
            {
                return scrapeEndpoint.HandleAsync(context);
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw ScrapePortProbe.Unavailable(startupFailures, scrape, port, e);
        }

        this.listener = app;
        KpiLog.ScrapeListenerStarted(this.logger, scrape.BindAddress ?? "*", port, scrape.Path);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (this.listener is not null)
        {
            await this.listener.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (this.listener is not null)
        {
            await this.listener.DisposeAsync().ConfigureAwait(false);
            this.listener = null;
        }
    }
}
