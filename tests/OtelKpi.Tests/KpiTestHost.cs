using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OtelKpi.Testing;

namespace OtelKpi.Tests;

/// <summary>
/// A minimal ASP.NET Core application with AddKpiTelemetry() on TestServer, configured through the same
/// configuration keys a user would set (appsettings.json / environment), plus optional code configuration.
/// </summary>
internal sealed class KpiTestHost : IAsyncDisposable
{
    private KpiTestHost(WebApplication app, HttpClient client)
    {
        this.App = app;
        this.Client = client;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public static Task<KpiTestHost> StartAsync(
        IDictionary<string, string?>? configuration = null,
        Action<KpiTelemetryOptions>? configure = null,
        Action<WebApplicationBuilder>? services = null,
        Action<WebApplication>? endpoints = null) =>
        StartAsync(Build(configuration, configure, services, endpoints));

    /// <summary>Like <see cref="StartAsync(IDictionary{string, string?}?, Action{KpiTelemetryOptions}?, Action{WebApplicationBuilder}?, Action{WebApplication}?)"/> but on real Kestrel on a free loopback port.</summary>
    public static Task<KpiTestHost> StartOnKestrelAsync(IDictionary<string, string?>? configuration = null) =>
        StartAsync(Build(configuration, services: builder => builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0")));

    /// <summary>
    /// Starts on loopback Kestrel with the scrape endpoint on its own listener (<c>KpiTelemetry:Scrape:Port</c>),
    /// on a port that was free a moment ago (the option cannot be 0); when someone takes it in between, tries
    /// another one, as <see cref="FreeTcpPort.Next"/> asks.
    /// </summary>
    public static async Task<(KpiTestHost Host, int ScrapePort)> StartWithDedicatedScrapePortAsync(
        IDictionary<string, string?>? configuration = null,
        Action<WebApplicationBuilder>? services = null,
        Action<WebApplication>? endpoints = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeTcpPort.Next();
            var settings = new Dictionary<string, string?>(configuration ?? new Dictionary<string, string?>())
            {
                ["KpiTelemetry:Scrape:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            var app = Build(
                settings,
                services: builder =>
                {
                    builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
                    services?.Invoke(builder);
                },
                endpoints: endpoints);
            try
            {
                return (await StartAsync(app), port);
            }
            catch (IOException e) when (attempt < 5 && IsAddressInUse(e))
            {
                await app.DisposeAsync();
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }
    }

    public static WebApplication Build(
        IDictionary<string, string?>? configuration = null,
        Action<KpiTelemetryOptions>? configure = null,
        Action<WebApplicationBuilder>? services = null,
        Action<WebApplication>? endpoints = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "kpi-test-app", EnvironmentName = "Staging" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        // Only what the test sets: the test output also holds the sample's appsettings.json.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(configuration ?? new Dictionary<string, string?>());
        if (configure is null)
        {
            builder.Services.AddKpiTelemetry();
        }
        else
        {
            builder.Services.AddKpiTelemetry(configure);
        }

        builder.Services.AddSingleton<TestOrdersMeter>();
        services?.Invoke(builder);

        var app = builder.Build();
        app.MapKpiMetrics();
        app.MapGet("/ok", () => "ok");
        app.MapGet("/items/{id:int}", (int id) => id);
        app.MapGet("/boom", string () => throw new InvalidOperationException("boom"));
        app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        app.MapGet("/health", () => "healthy");
        app.MapGet("/health/db", () => "healthy");
        app.MapGet("/internal/ping", () => "pong");
        app.MapPost("/orders", (TestOrdersMeter orders) => orders.Place());
        endpoints?.Invoke(app);
        return app;
    }

    public static async Task<KpiTestHost> StartAsync(WebApplication app)
    {
        await app.StartAsync();
        var client = app.Services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>() is TestServer testServer
            ? testServer.CreateClient()
            : new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        return new KpiTestHost(app, client);
    }

    public Task<PrometheusScrape> ScrapeAsync(string path = "/metrics") => this.Client.ScrapeAsync(path);

    /// <inheritdoc cref="MetricsEndpoint.ScrapeUntilRequestCountAsync"/>
    public Task<PrometheusScrape> ScrapeUntilRequestCountAsync(double expected, string path = "/metrics") =>
        this.Client.ScrapeUntilRequestCountAsync(expected, path);

    private static bool IsAddressInUse(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is Microsoft.AspNetCore.Connections.AddressInUseException
                || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        this.Client.Dispose();
        await this.App.StopAsync();
        await this.App.DisposeAsync();
    }
}
