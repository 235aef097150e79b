using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OtelKpi.CollectorConfig.Tests.Otlp;

/// <summary>One HTTP request the receiver got; <paramref name="Arrived"/> is its <see cref="System.Diagnostics.Stopwatch"/> timestamp.</summary>
internal sealed record ReceivedRequest(string Method, string Path, string? ContentType, byte[] Body, long Arrived)
{
    /// <summary>The body decoded as an OTLP metrics export request.</summary>
    public OtlpMetricsRequest Metrics => OtlpMetricsRequest.Parse(this.Body);
}

/// <summary>
/// An OTLP/HTTP endpoint on a free loopback port (Kestrel) that records every request and answers
/// 200 with an empty ExportMetricsServiceResponse, as a collector's otlp receiver does.
/// </summary>
internal sealed class OtlpHttpReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedRequest> requests = new();

    private OtlpHttpReceiver(WebApplication app) => this.app = app;

    /// <summary>Gets the base address, such as http://127.0.0.1:40123.</summary>
    public Uri BaseAddress => new(this.app.Urls.Single());

    /// <summary>Gets every request received so far, in order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => [.. this.requests];

    /// <summary>Starts the receiver.</summary>
    public static async Task<OtlpHttpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new OtlpHttpReceiver(app);
        app.Run(receiver.RecordAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>
    /// Waits until a received request satisfies <paramref name="condition"/>; fails after
    /// <paramref name="limit"/>, which only bounds a broken run and is not what the test measures.
    /// </summary>
    public async Task<ReceivedRequest> WaitForAsync(Func<ReceivedRequest, bool> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var match = this.Requests.FirstOrDefault(condition);
            if (match is not null)
            {
                return match;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"No matching OTLP request within {limit} ({this.Requests.Count} received).");
            }

            await Task.Delay(50);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }

    private async Task RecordAsync(HttpContext context)
    {
        // No need to switch the receiver's own request metrics off: the library ignores meters of other
        // hosts in the process, and an exact request count in the exports would catch it if it did not.
        var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        using var body = new MemoryStream();
        var source = context.Request.Headers.ContentEncoding == "gzip" ? new GZipStream(context.Request.Body, CompressionMode.Decompress) : context.Request.Body;
        await source.CopyToAsync(body);
        this.requests.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path, context.Request.ContentType, body.ToArray(), arrived));
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/x-protobuf";
    }
}
