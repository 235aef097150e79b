using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OtelKpi.Tests.Diagnostics;

/// <summary>
/// A collector that accepts OTLP/HTTP metric exports on a given loopback port: it answers 200 with an empty
/// ExportMetricsServiceResponse (zero protobuf bytes) and counts the non-empty requests it got.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private int exports;

    private OtlpReceiver(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        this.app = builder.Build();
        this.app.MapPost("/v1/metrics", async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            if (body.Length > 0)
            {
                Interlocked.Increment(ref this.exports);
            }

            context.Response.ContentType = "application/x-protobuf";
            context.Response.StatusCode = StatusCodes.Status200OK;
        });
    }

    /// <summary>Gets the number of exports with a payload received so far.</summary>
    public int Exports => Volatile.Read(ref this.exports);

    public static async Task<OtlpReceiver> StartAsync(int port)
    {
        var receiver = new OtlpReceiver(port);
        await receiver.app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }
}
