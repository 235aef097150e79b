using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using OtelKpi.Benchmarks.Apps;

namespace OtelKpi.Benchmarks.Service;

/// <summary>The service the load test drives: one variant on Kestrel, logging off, until SIGTERM or Ctrl+C.</summary>
internal static class LoadTarget
{
    public static async Task RunAsync(ServiceVariant variant, string url)
    {
        await using var app = BenchmarkService.Build(variant, builder => builder.WebHost.UseUrls(url));
        await app.StartAsync();
        // The load script waits for this line before it sends traffic.
        Console.WriteLine($"listening {ServiceVariants.Name(variant)} {url} pid {Environment.ProcessId}");
        await app.WaitForShutdownAsync();
    }
}
