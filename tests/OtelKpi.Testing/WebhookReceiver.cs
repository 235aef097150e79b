using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OtelKpi.Testing;

/// <summary>One notification Alertmanager delivered to a webhook: the path it was posted to and its JSON body.</summary>
/// <param name="Path">The request path, such as /page.</param>
/// <param name="Body">The webhook payload (version 4): status, receiver, groupKey, alerts, ...</param>
public sealed record WebhookNotification(string Path, JsonElement Body)
{
    /// <summary>firing or resolved.</summary>
    public string Status => this.Body.GetProperty("status").GetString()!;

    /// <summary>The receiver that sent it.</summary>
    public string Receiver => this.Body.GetProperty("receiver").GetString()!;

    /// <summary>The alert group it is about.</summary>
    public string GroupKey => this.Body.GetProperty("groupKey").GetString()!;

    /// <summary>The alerts it carries, each with labels, annotations and status.</summary>
    public IReadOnlyList<JsonElement> Alerts => this.Body.GetProperty("alerts").EnumerateArray().ToList();
}

/// <summary>
/// An HTTP endpoint on a free loopback port that accepts Alertmanager's webhook notifications on any path and
/// keeps them, in the order they came, for the test to read.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<WebhookNotification> received = new();

    private WebhookReceiver(WebApplication app, Uri address)
    {
        this.app = app;
        this.Address = address;
    }

    /// <summary>The base address.</summary>
    public Uri Address { get; }

    /// <summary>Every notification so far, oldest first.</summary>
    public IReadOnlyList<WebhookNotification> Notifications => this.received.ToList();

    /// <summary>Starts the receiver on 127.0.0.1 and a port the kernel picks.</summary>
    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            receiver!.received.Enqueue(new WebhookNotification(context.Request.Path.Value!, body));
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver = new WebhookReceiver(app, new Uri(address + "/"));
        return receiver;
    }

    /// <summary>The URL for notifications posted to <paramref name="path"/> (such as "page").</summary>
    public Uri Url(string path) => new(this.Address, path);

    /// <summary>Waits until <paramref name="condition"/> holds for the notifications so far; fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<WebhookNotification>> WaitUntilAsync(
        Func<IReadOnlyList<WebhookNotification>, bool> condition, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var notifications = this.Notifications;
            if (condition(notifications))
            {
                return notifications;
            }

            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"Waited {timeout.TotalSeconds:0} s for {what}; received {notifications.Count} notification(s):\n"
                    + string.Join('\n', notifications.Select(n => $"{n.Path} {n.Body}")));
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Stops the receiver.</summary>
    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }
}
