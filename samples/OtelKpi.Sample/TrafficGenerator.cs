using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace OtelKpi.Sample;

/// <summary>
/// Sends the service a steady stream of requests to itself, so that every KPI moves within a minute of
/// start-up, with the settings in force (<see cref="TrafficControl"/>): a change through <c>POST /traffic</c>
/// takes effect at once. Requests are fired without waiting for earlier ones, as independent clients would.
/// </summary>
public sealed partial class TrafficGenerator(
    IOptions<TrafficOptions> options,
    TrafficControl traffic,
    IHttpClientFactory httpClientFactory,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<TrafficGenerator> logger) : BackgroundService
{
    /// <summary>The named HTTP client the generator uses.</summary>
    public const string HttpClientName = "traffic";

    private const int MaxInFlight = 500;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WaitForStartAsync(lifetime, stoppingToken))
        {
            return;
        }

        var target = options.Value.TargetUrl ?? this.OwnAddress();
        if (target is null)
        {
            LogNoAddress(logger);
            return;
        }

        var client = httpClientFactory.CreateClient(HttpClientName);
        client.BaseAddress = new Uri(target);
        using var inFlight = new SemaphoreSlim(MaxInFlight);
        long n = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var settings = traffic.Current;
                var changed = traffic.NextChangeAsync(stoppingToken);
                if (!settings.Enabled)
                {
                    LogPaused(logger);
                    await changed.ConfigureAwait(false);
                    continue;
                }

                LogSending(logger, settings.RequestsPerSecond, target, settings.ErrorRatio, settings.SlowRatio, settings.SlowSeconds);
                n = await SendUntilChangedAsync(client, settings, n, changed, inFlight, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The service is stopping.
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

    // Sends settings.RequestsPerSecond requests a second, counted from a clock rather than one timer tick per
    // request, so that a high rate is kept; returns the position in the plan when the settings change.
    private static async Task<long> SendUntilChangedAsync(
        HttpClient client, TrafficSettings settings, long n, Task changed, SemaphoreSlim inFlight, CancellationToken stoppingToken)
    {
        var plan = new TrafficPlan(settings.ErrorRatio, settings.SlowRatio);
        var clock = Stopwatch.StartNew();
        long sent = 0;
        using var timer = new PeriodicTimer(Tick);
        while (!changed.IsCompleted && await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var due = (long)(clock.Elapsed.TotalSeconds * settings.RequestsPerSecond);
            for (; sent < due; sent++, n++)
            {
                if (!inFlight.Wait(0, CancellationToken.None))
                {
                    continue; // the service is saturated; shed rather than queue without bound
                }

                _ = SendAsync(client, plan.At(n), inFlight, stoppingToken);
            }
        }

        return n;
    }

    private string? OwnAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return address?.Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Traffic generator: {Rate} requests/s to {Target}, 5xx ratio {ErrorRatio}, slow ratio {SlowRatio} ({SlowSeconds} s each on average)")]
    private static partial void LogSending(ILogger logger, double rate, string target, double errorRatio, double slowRatio, double slowSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Traffic generator: paused (POST /traffic {{\"enabled\": true}} starts it)")]
    private static partial void LogPaused(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Traffic generator: the server has no address to send to; set Sample:Traffic:TargetUrl")]
    private static partial void LogNoAddress(ILogger logger);
}
