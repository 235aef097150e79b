using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace OtelKpi.Benchmarks.Apps;

/// <summary>
/// An <see cref="IServer"/> that runs requests straight through the application's pipeline on the calling
/// thread, without sockets or an HTTP client. The whole per-request cost (hosting, routing, endpoint, metrics
/// recorded when the request ends) is paid inside <see cref="SendAsync"/>, so a benchmark measures all of it;
/// TestServer instead completes the hosting context on another thread after the client has its response,
/// which on a small machine hides part of the cost. Like one Kestrel connection it reuses the per-request
/// hosting context, so ASP.NET Core allocates what it would under Kestrel.
/// </summary>
/// <remarks>One request at a time: calls to <see cref="SendAsync"/> must not overlap.</remarks>
public sealed class InProcessServer : IServer
{
    private Func<string, Stream, Task<int>>? send;

    /// <inheritdoc />
    public IFeatureCollection Features { get; } = new FeatureCollection();

    /// <inheritdoc />
    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        this.send = new InProcessConnection<TContext>(application).SendAsync;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        this.send = null;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose() => this.send = null;

    /// <summary>Runs one GET request to completion, including the end-of-request hosting work.</summary>
    /// <param name="path">The request path, such as <c>/api/items/42</c>.</param>
    /// <param name="responseBody">Where the response body is written; <see cref="Stream.Null"/> when omitted.</param>
    /// <returns>The response status code.</returns>
    /// <exception cref="InvalidOperationException">The application has not been started.</exception>
    public Task<int> SendAsync(string path, Stream? responseBody = null) =>
        (this.send ?? throw new InvalidOperationException("The application is not started."))(path, responseBody ?? Stream.Null);
}
