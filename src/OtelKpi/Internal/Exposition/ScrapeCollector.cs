using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace OtelKpi.Internal.Exposition;

/// <summary>
/// Collects for scrapes, one at a time. A scrape holds the lock from its collection until its last byte is written,
/// because the points it writes are the reader's snapshot and the next collection overwrites them. Within
/// <c>KpiTelemetry:Scrape:ResponseCacheMilliseconds</c> of a collection, scrapes write the same snapshot again instead
/// of collecting: the same values, without keeping the rendered text.
/// </summary>
internal sealed class ScrapeCollector : IDisposable
{
    private readonly SemaphoreSlim scrapeLock = new(1, 1);
    private readonly TimeSpan cacheDuration;
    private readonly Action<Batch<Metric>> onExport;
    private readonly ScrapeSnapshot snapshot = new(default);
#pragma warning disable CA2213 // owned by its reader, which the meter provider disposes
    private ScrapeExporter? exporter;
#pragma warning restore CA2213
    private Resource? resource;
    private long collectedAt;
    private bool collected;

    public ScrapeCollector(int responseCacheMilliseconds)
    {
        this.cacheDuration = TimeSpan.FromMilliseconds(responseCacheMilliseconds);
        this.onExport = batch => this.snapshot.Update(batch, DateTime.UtcNow);
    }

    /// <summary>The serialiser of the scrape holding the lock.</summary>
    public TextExposition Exposition { get; } = new();

    /// <summary>Gets a value indicating whether the meter provider has the reader (it has none when the SDK is disabled).</summary>
    public bool HasReader => this.exporter?.Collect is not null;

    /// <summary>The resource of the meter provider, whose attributes <c>target_info</c> carries.</summary>
    public Resource Resource => this.resource ??= this.exporter?.ParentProvider?.GetResource() ?? Resource.Empty;

    /// <summary>The reader that OtelKpi adds to the meter provider: cumulative, collected only by scrapes.</summary>
    public BaseExportingMetricReader CreateReader()
    {
#pragma warning disable CA2000 // the reader owns the exporter and disposes it with the meter provider
        this.exporter = new ScrapeExporter();
        return new BaseExportingMetricReader(this.exporter) { TemporalityPreference = MetricReaderTemporalityPreference.Cumulative };
#pragma warning restore CA2000
    }

    public Task EnterAsync(CancellationToken cancellationToken) => this.scrapeLock.WaitAsync(cancellationToken);

    public void Exit() => this.scrapeLock.Release();

    /// <summary>
    /// Under the lock: the snapshot to write, collected now unless the cache window of the last collection is still
    /// open; <see langword="null"/> when the collection failed.
    /// </summary>
    public ScrapeSnapshot? Collect()
    {
        if (this.collected && this.cacheDuration > TimeSpan.Zero && Stopwatch.GetElapsedTime(this.collectedAt) < this.cacheDuration)
        {
            return this.snapshot;
        }

        this.collected = false;
        if (this.exporter is not { } source || !source.TryCollect(this.onExport))
        {
            return null;
        }

        this.collected = true;
        this.collectedAt = Stopwatch.GetTimestamp();
        return this.snapshot;
    }

    public void Dispose()
    {
        this.scrapeLock.Dispose();
        this.Exposition.Dispose();
    }
}
