using System.Diagnostics;
using System.Runtime;

namespace OtelKpi.Sample;

/// <summary>
/// Endpoints that load the resources the KPI dashboards show, so that CPU %, throttling, memory % and network can be
/// watched moving (and tests can compare them with the kernel's own counters). Off unless
/// <c>Sample:ResourceLoad:Enabled</c> is true: they let any caller burn the service's CPU and memory.
/// </summary>
public static class ResourceLoadEndpoints
{
    private const int MaxThreads = 64;
    private const int MaxMilliseconds = 60_000;
    private const int MaxMebibytes = 4096;
    private const int MaxPayloadBytes = 256 * 1024 * 1024;

    private static readonly List<byte[]> Held = [];
    private static readonly Lock HeldGate = new();

    /// <summary>Maps /load/cpu, /load/memory and /load/payload when enabled in configuration.</summary>
    public static WebApplication MapResourceLoadEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Configuration.GetValue<bool>("Sample:ResourceLoad:Enabled"))
        {
            return app;
        }

        var load = app.MapGroup("/load");

        // Spins `threads` threads for `milliseconds` of wall-clock time each; answers with the CPU time the process used meanwhile.
        load.MapPost("/cpu", (int milliseconds, int threads) =>
        {
            if (milliseconds is < 1 or > MaxMilliseconds || threads is < 1 or > MaxThreads)
            {
                return Results.BadRequest($"milliseconds must be 1 to {MaxMilliseconds} and threads 1 to {MaxThreads}.");
            }

            var before = Environment.CpuUsage.TotalTime;
            var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() => Spin(milliseconds)) { IsBackground = true }).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
            return Results.Ok(new CpuLoadResult((Environment.CpuUsage.TotalTime - before).TotalSeconds));
        });

        // Allocates and holds `mebibytes` MiB, every page written so that it is resident; DELETE releases all of it.
        load.MapPost("/memory", (int mebibytes) =>
        {
            if (mebibytes is < 1 or > MaxMebibytes)
            {
                return Results.BadRequest($"mebibytes must be 1 to {MaxMebibytes}.");
            }

            lock (HeldGate)
            {
                for (var i = 0; i < mebibytes; i++)
                {
                    var block = GC.AllocateUninitializedArray<byte>(1024 * 1024, pinned: false);
                    for (var page = 0; page < block.Length; page += 4096)
                    {
                        block[page] = 1;
                    }

                    Held.Add(block);
                }

                return Results.Ok(new MemoryLoadResult(Held.Count));
            }
        });

        load.MapDelete("/memory", () =>
        {
            lock (HeldGate)
            {
                Held.Clear();
            }

            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            return Results.Ok(new MemoryLoadResult(0));
        });

        // A body of exactly `bytes` bytes, to put a known amount of traffic on the network.
        load.MapGet("/payload", (int bytes) => bytes is < 0 or > MaxPayloadBytes
            ? Results.BadRequest($"bytes must be 0 to {MaxPayloadBytes}.")
            : Results.Bytes(new byte[bytes], "application/octet-stream"));

        return app;
    }

    private static void Spin(int milliseconds)
    {
        var watch = Stopwatch.StartNew();
        var x = 0UL;
        while (watch.ElapsedMilliseconds < milliseconds)
        {
            x = (x * 6364136223846793005UL) + 1442695040888963407UL;
        }

        GC.KeepAlive(x);
    }

    /// <summary>CPU time the process used while the load ran.</summary>
    public sealed record CpuLoadResult(double ProcessCpuSeconds);

    /// <summary>MiB held after the call.</summary>
    public sealed record MemoryLoadResult(int HeldMebibytes);
}
