using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace OtelKpi.Sample;

/// <summary>
/// Sends the service a steady stream of requests to itself, so that every KPI moves within a minute
/// of start-up. Requests are fired without waiting for earlier ones, as independent clients would.
/// </summary>
public sealed partial class TrafficGenerator(
    IOptions<TrafficOptions> options,
    IHttpClientFactory httpClientFactory,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<TrafficGenerator> logger) : BackgroundService
{
    /// <summary>The named HTTP client the generator uses.</summary>
    public const string HttpClientName = "traffic";

    private const int MaxInFlight = 500;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        if (!await WaitForStartAsync(lifetime, stoppingToken))
        {
            return;
        }

        var target = settings.TargetUrl ?? OwnAddress();
        if (target is null)
        {
            LogNoAddress(logger);
            return;
        }

        var client = httpClientFactory.CreateClient(HttpClientName);
        client.BaseAddress = new Uri(target);
        var plan = new TrafficPlan(settings.ErrorRatio, settings.SlowRatio);
        using var inFlight = new SemaphoreSlim(MaxInFlight);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / settings.RequestsPerSecond));
        LogStarted(logger, settings.RequestsPerSecond, target, settings.ErrorRatio);

        for (long n = 0; await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false); n++)
        {
            if (!inFlight.Wait(0, CancellationToken.None))
            {
                continue; // the service is saturated; shed rather than queue without bound
            }

            var request = plan.At(n);
            _ = SendAsync(client, request, inFlight, stoppingToken);
        }
    }

    private static async Task<bool> WaitForStartAsync(IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(started.SetResult);
        using var stopping = stoppingToken.Register(() => started.TrySetCanceled());
        try
        {
            await started.Task.ConfigureAwait(false);
            return true;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task SendAsync(HttpClient client, PlannedRequest request, SemaphoreSlim inFlight, CancellationToken stoppingToken)
    {
        try
        {
            using var message = new HttpRequestMessage(request.Method, request.Path);
            using var response = await client.SendAsync(message, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            // The service is stopping or refused the connection; the next tick tries again.
        }
        finally
        {
            inFlight.Release();
        }
    }

    private string? OwnAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return address?.Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Traffic generator: {Rate} requests/s to {Target}, 5xx ratio {ErrorRatio}")]
    private static partial void LogStarted(ILogger logger, double rate, string target, double errorRatio);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Traffic generator: the server has no address to send to; set Sample:Traffic:TargetUrl")]
    private static partial void LogNoAddress(ILogger logger);
}
