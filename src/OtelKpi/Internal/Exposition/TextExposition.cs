using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace OtelKpi.Internal.Exposition;

/// <summary>
/// Writes the Prometheus text format 0.0.4 from collected metric points, line for line as OpenTelemetry's Prometheus
/// exporter writes it (scope labels off): <c>target_info</c> first, then per family <c># TYPE</c>, <c># HELP</c>
/// and its samples, no timestamps. Histograms write every bucket cumulatively with <c>le</c> last, then
/// <c>_sum</c> and <c>_count</c>. One instance serves one scrape at a time.
/// </summary>
internal sealed class TextExposition : IDisposable
{
    private readonly LabelWriter labels = new();
    private readonly ExpositionBuffer histogramLabels = new(1024);
    private (Resource Resource, byte[] Text)? targetInfo;

    public static bool HasTargetInfo(Resource resource) => resource.Attributes.Any();

    /// <summary>Writes <c>target_info</c>; its text is made once, a meter provider's resource never changes.</summary>
    public void WriteTargetInfo(ExpositionBuffer buffer, Resource resource)
    {
        if (this.targetInfo is not { } known || known.Resource != resource)
        {
            using var text = new ExpositionBuffer(1024);
            if (HasTargetInfo(resource))
            {
                text.Write("# TYPE target_info gauge\n# HELP target_info Target metadata\ntarget_info{"u8);
                this.labels.Write(text, resource.Attributes);
                text.Write("} 1\n"u8);
            }

            known = (resource, text.WrittenSpan.ToArray());
            this.targetInfo = known;
        }

        buffer.Write(known.Text);
    }

    public static void WriteMetadata(ExpositionBuffer buffer, ScrapeFamily family)
    {
        buffer.Write("# TYPE "u8);
        buffer.WriteAscii(family.Name);
        buffer.Write((byte)' ');
        buffer.WriteAscii(PrometheusFamilyTypes.Keyword(family.Type));
        buffer.Write((byte)'\n');

        if (family.Help is { } help)
        {
            buffer.Write("# HELP "u8);
            buffer.WriteAscii(family.Name);
            buffer.Write((byte)' ');
            buffer.WriteEscaped(help, escapeQuotes: false);
            buffer.Write((byte)'\n');
        }
    }

    public void WritePoint(ExpositionBuffer buffer, ScrapeFamily family, in MetricPoint point)
    {
        if (family.IsHistogram)
        {
            this.WriteHistogram(buffer, family.Name, in point);
            return;
        }

        buffer.WriteAscii(family.Name);
        buffer.Write((byte)'{');
        this.labels.Write(buffer, point.Tags, reserved: null);
        buffer.Write("} "u8);

        var sum = family.IsSum;
        if (family.IsLong)
        {
            buffer.Write(sum ? point.GetSumLong() : point.GetGaugeLastValueLong());
        }
        else
        {
            buffer.Write(sum ? point.GetSumDouble() : point.GetGaugeLastValueDouble());
        }

        buffer.Write((byte)'\n');
    }

    private void WriteHistogram(ExpositionBuffer buffer, string name, in MetricPoint point)
    {
        this.histogramLabels.Clear();
        this.labels.Write(this.histogramLabels, point.Tags, reserved: "le");
        var tags = this.histogramLabels.WrittenSpan;

        long cumulative = 0;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            cumulative += bucket.BucketCount;
            buffer.WriteAscii(name);
            buffer.Write("_bucket{"u8);
            if (!tags.IsEmpty)
            {
                buffer.Write(tags);
                buffer.Write((byte)',');
            }

            buffer.Write("le=\""u8);
            buffer.Write(bucket.ExplicitBound);
            buffer.Write("\"} "u8);
            buffer.Write(cumulative);
            buffer.Write((byte)'\n');
        }

        WriteSeries(buffer, name, "_sum{"u8, tags);
        buffer.Write(point.GetHistogramSum());
        buffer.Write((byte)'\n');

        WriteSeries(buffer, name, "_count{"u8, tags);
        buffer.Write(point.GetHistogramCount());
        buffer.Write((byte)'\n');
    }

    public void Dispose() => this.histogramLabels.Dispose();

    private static void WriteSeries(ExpositionBuffer buffer, string name, ReadOnlySpan<byte> suffix, ReadOnlySpan<byte> tags)
    {
        buffer.WriteAscii(name);
        buffer.Write(suffix);
        buffer.Write(tags);
        buffer.Write("} "u8);
    }
}
