using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace OtelKpi.Internal.Exposition;

/// <summary>
/// The pull exporter behind <c>/metrics</c>. Its reader collects only when a scrape asks (<see cref="Collect"/>,
/// set by <see cref="BaseExportingMetricReader"/> for pull exporters), and the collection arrives synchronously in
/// <see cref="Export"/>, where only the batch's metrics are noted: the text is written from their points afterwards,
/// straight into the response.
/// </summary>
[ExportModes(ExportModes.Pull)]
internal sealed class ScrapeExporter : BaseExporter<Metric>, IPullMetricExporter
{
    private Action<Batch<Metric>>? onExport;

    public Func<int, bool>? Collect { get; set; }

    /// <summary>Collects now; <paramref name="onExport"/> sees the batch while the collection runs.</summary>
    public bool TryCollect(Action<Batch<Metric>> onExport)
    {
        if (this.Collect is not { } collect)
        {
            return false;
        }

        this.onExport = onExport;
        try
        {
            return collect(Timeout.Infinite);
        }
        finally
        {
            this.onExport = null;
        }
    }

    public override ExportResult Export(in Batch<Metric> batch)
    {
        if (this.onExport is not { } export)
        {
            return ExportResult.Failure;
        }

        export(batch);
        return ExportResult.Success;
    }
}
