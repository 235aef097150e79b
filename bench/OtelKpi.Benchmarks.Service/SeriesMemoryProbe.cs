using Microsoft.AspNetCore.Builder;
using OtelKpi.Benchmarks.Apps;
using System.Globalization;
using System.Runtime;

namespace OtelKpi.Benchmarks.Service;

/// <summary>
/// Resident memory per request-duration series. The service maps every route of the plan up front, holds a
/// 10-series baseline, then grows to the full plan; the difference divided by the added series is what each
/// series costs, route table and start-up excluded. Each state is measured after two scrapes (what a
/// Prometheus server does, so scrape buffers are at their steady size), once after a full compacting
/// collection and once more after an aggressive one that returns free memory to the system.
/// Scrape bodies stream into a <see cref="ScrapeSinkStream"/>, which keeps none of them, as a socket would.
/// </summary>
internal static class SeriesMemoryProbe
{
    private const int BaselineSeries = 10;

    public static async Task<string> RunAsync(ServiceVariant variant, SeriesPlan plan)
    {
        if (variant == ServiceVariant.Bare || plan.SeriesCount <= BaselineSeries)
        {
            throw new ArgumentException($"Needs a metric library and more than {BaselineSeries} series.");
        }

        var (app, server) = await BenchmarkService.StartInProcessAsync(variant, plan);
        await using (app)
        {
            await SeedAsync(server, SeriesPlan.For(BaselineSeries), variant);
            var before = Measure();

            var bodyBytes = await SeedAsync(server, plan, variant);
            var after = Measure();

            return string.Create(
                CultureInfo.InvariantCulture,
                $"variant={ServiceVariants.Name(variant)} series={plan.SeriesCount} added={plan.SeriesCount - BaselineSeries} rss_before={before.Rss} rss_after={after.Rss} retained_before={before.RetainedRss} retained_after={after.RetainedRss} heap_before={before.Heap} heap_after={after.Heap} loh_before={before.LargeObjects} loh_after={after.LargeObjects} body_bytes={bodyBytes}");
        }
    }

    private static async Task<long> SeedAsync(InProcessServer server, SeriesPlan plan, ServiceVariant variant)
    {
        foreach (var path in plan.RequestPaths())
        {
            await server.SendAsync(path);
        }

        var sink = new ScrapeSinkStream(variant, "/api/s");
        for (var scrape = 0; scrape < 2; scrape++)
        {
            sink.Reset();
            await server.SendAsync(BenchmarkService.MetricsPath, sink);
        }

        if (sink.Series != plan.SeriesCount)
        {
            throw new InvalidOperationException($"Expected {plan.SeriesCount} request-duration series, the scrape has {sink.Series}.");
        }

        return sink.Bytes;
    }

    private static MemoryState Measure()
    {
        // A full, blocking, compacting collection: the garbage is gone, but memory the GC freed stays resident
        // until the runtime decommits it, as in a running service shortly after a scrape.
        Collect(GCCollectionMode.Forced);
        var resident = ResidentBytes();
        var heap = GC.GetTotalMemory(forceFullCollection: false);
        // Large objects (85,000 bytes and more) are mostly scrape buffers; the rest is per-series state.
        var largeObjects = GC.GetGCMemoryInfo(GCKind.FullBlocking).GenerationInfo[3].SizeAfterBytes;

        // An aggressive collection also gives free memory back to the system: what the metrics really keep.
        Collect(GCCollectionMode.Aggressive);
        return new MemoryState(resident, ResidentBytes(), heap, largeObjects);
    }

    private static void Collect(GCCollectionMode mode)
    {
        for (var i = 0; i < 2; i++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, mode, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
    }

    /// <summary>VmRSS of /proc/self/status, the figure the kernel, kubelet and <c>ps</c> report.</summary>
    private static long ResidentBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kibibytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kibibytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new PlatformNotSupportedException("/proc/self/status has no VmRSS line.");
    }

    private readonly record struct MemoryState(long Rss, long RetainedRss, long Heap, long LargeObjects);
}
