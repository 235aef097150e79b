using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace OtelKpi.Internal.Exposition;

/// <summary>
/// What one collection gives a scrape: the metrics in the order they are written, grouped by Prometheus name.
/// The points behind them are the reader's snapshot, valid until the reader collects again, which only happens under
/// the scrape lock. Metrics whose names collide with a different type are left out, as OpenTelemetry's Prometheus
/// exporter leaves them out; the HELP text of a name is the first non-empty description among its metrics.
/// Exponential histograms have no text-format equivalent and are skipped.
/// </summary>
internal sealed class ScrapeSnapshot
{
    private readonly Dictionary<Metric, (string Name, PrometheusFamilyType Type)> names = [];

    public ScrapeSnapshot(DateTime collectedAtUtc) => this.CollectedAtUtc = collectedAtUtc;

    public IReadOnlyList<ScrapeFamily> Families { get; private set; } = [];

    public DateTime CollectedAtUtc { get; private set; }

    public void Update(in Batch<Metric> batch, DateTime collectedAtUtc)
    {
        var metrics = new List<(Metric Metric, string Name, PrometheusFamilyType Type)>();
        var help = new Dictionary<string, string?>(StringComparer.Ordinal);
        var types = new Dictionary<string, PrometheusFamilyType>(StringComparer.Ordinal);
        HashSet<string>? conflicting = null;

        foreach (var metric in batch)
        {
            if (metric.MetricType == MetricType.ExponentialHistogram)
            {
                continue;
            }

            var (name, type) = this.NameOf(metric);
            metrics.Add((metric, name, type));
            if (types.TryGetValue(name, out var known))
            {
                if (known != type)
                {
                    (conflicting ??= new(StringComparer.Ordinal)).Add(name);
                }

                if (help[name] is null && !string.IsNullOrEmpty(metric.Description))
                {
                    help[name] = metric.Description;
                }
            }
            else
            {
                types[name] = type;
                help[name] = string.IsNullOrEmpty(metric.Description) ? null : metric.Description;
            }
        }

        metrics.Sort(static (left, right) =>
        {
            var order = string.CompareOrdinal(left.Name, right.Name);
            order = order != 0 ? order : string.CompareOrdinal(left.Metric.MeterName, right.Metric.MeterName);
            return order != 0 ? order : string.CompareOrdinal(left.Metric.Name, right.Metric.Name);
        });

        var families = new List<ScrapeFamily>(metrics.Count);
        string? previous = null;
        foreach (var (metric, name, type) in metrics)
        {
            if (conflicting?.Contains(name) == true)
            {
                continue;
            }

            var first = name != previous;
            families.Add(new ScrapeFamily(metric, name, type, first, first ? help[name] : null));
            previous = name;
        }

        if (this.names.Count > metrics.Count)
        {
            // Names of metrics that are gone (instruments disposed) are not kept.
            var current = metrics.Select(m => m.Metric).ToHashSet();
            foreach (var gone in this.names.Keys.Where(m => !current.Contains(m)).ToList())
            {
                this.names.Remove(gone);
            }
        }

        this.Families = families;
        this.CollectedAtUtc = collectedAtUtc;
    }

    private (string Name, PrometheusFamilyType Type) NameOf(Metric metric)
    {
        if (!this.names.TryGetValue(metric, out var known))
        {
            var type = PrometheusFamilyTypes.Of(metric.MetricType);
            known = (PrometheusName.Of(metric, type), type);
            this.names[metric] = known;
        }

        return known;
    }
}
