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
    private const int MaxNames = 1024;

    private readonly Dictionary<Metric, (string Name, PrometheusFamilyType Type)> names = [];
    private readonly Dictionary<Metric, ScrapeFamily> families = [];
    private readonly List<(Metric Metric, string Name, PrometheusFamilyType Type)> metrics = [];
    private readonly Dictionary<string, string?> help = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PrometheusFamilyType> types = new(StringComparer.Ordinal);
    private readonly HashSet<string> conflicting = new(StringComparer.Ordinal);
    private readonly List<ScrapeFamily> written = [];

    public ScrapeSnapshot(DateTime collectedAtUtc) => this.CollectedAtUtc = collectedAtUtc;

    /// <summary>Gets the metrics to write, in order; the list is reused by the next collection.</summary>
    public IReadOnlyList<ScrapeFamily> Families => this.written;

    public DateTime CollectedAtUtc { get; private set; }

    public void Update(in Batch<Metric> batch, DateTime collectedAtUtc)
    {
        // Collections are reused from one collection to the next: a scrape allocates nothing per metric.
        var metrics = this.metrics;
        var help = this.help;
        var types = this.types;
        var conflicting = this.conflicting;
        metrics.Clear();
        help.Clear();
        types.Clear();
        conflicting.Clear();

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
                    conflicting.Add(name);
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

        this.written.Clear();
        string? previous = null;
        foreach (var (metric, name, type) in metrics)
        {
            if (conflicting.Contains(name))
            {
                continue;
            }

            var first = name != previous;
            var helpText = first ? help[name] : null;
            if (!this.families.TryGetValue(metric, out var family)
                || family.Name != name || family.Type != type || family.WriteMetadata != first || family.Help != helpText)
            {
                family = new ScrapeFamily(metric, name, type, first, helpText);
                this.families[metric] = family;
            }

            this.written.Add(family);
            previous = name;
        }

        if (this.names.Count > MaxNames)
        {
            // Instruments created and disposed over and over: start again rather than grow.
            this.names.Clear();
            this.families.Clear();
        }

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
