using Microsoft.Extensions.Hosting;

namespace OtelKpi.Internal;

/// <summary>
/// Fails start-up when <see cref="ContractStreamGuard"/> saw a user's view clash with a contract stream. It runs once
/// every hosted service has started, because ASP.NET Core creates its request instruments while starting the server.
/// </summary>
internal sealed class ContractStreamCheck(ContractStreamGuard guard) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        guard.ThrowIfConflicting();
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
