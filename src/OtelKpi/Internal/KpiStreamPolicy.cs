using OpenTelemetry.Metrics;
using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;

namespace OtelKpi.Internal;

/// <summary>
/// Decides how the instruments OtelKpi owns (on ASP.NET Core's hosting meter, the process and container meters) are
/// exported. It is registered as a single view because every matching view makes its own stream: two views
/// on one instrument would export it twice. For that reason it leaves every other instrument (the user's
/// own meters and opted-in built-in ones) alone, so that a view the user adds applies to it exactly once. A user's
/// view on an instrument it does define would make a second stream under the contract's name: the
/// <see cref="ContractStreamGuard"/> is told which instrument is being published so that the clash fails start-up.
/// </summary>
internal sealed class KpiStreamPolicy
{
    // OpenTelemetry allocates every stream's points for its whole cardinality limit up front. The configured
    // limit is sized for HTTP routes; the resource and process streams carry no labels, and at the default
    // limit it would reserve about 150 KB of unused points for each of them (2.7 MB of managed heap in all).
    private const int SingleSeriesLimit = 1;

    private readonly KpiTelemetryOptions options;
    private readonly IMeterFactory? ownMeterFactory;
    private readonly double[] buckets;
    private readonly Regex? optedInMeters;
    private readonly ContractStreamGuard? guard;

    public KpiStreamPolicy(KpiTelemetryOptions options, IMeterFactory? ownMeterFactory, ContractStreamGuard? guard = null)
    {
        this.options = options;
        this.ownMeterFactory = ownMeterFactory;
        this.guard = guard;
        this.buckets = [.. options.LatencyBuckets ?? [.. KpiTelemetryOptions.DefaultLatencyBuckets]];
        this.optedInMeters = MeterNamePattern(options.Meters);
    }

    public MetricStreamConfiguration? StreamFor(Instrument instrument)
    {
        var stream = this.Decide(instrument);
        var owned = (stream is not null && !ReferenceEquals(stream, MetricStreamConfiguration.Drop)) || IsReplacedByOtelKpi(instrument);
        // A clash on OtelKpi's own request instruments is named after the contract's instrument, the one users know.
        var named = instrument.Meter.Name == KpiInstrumentNames.HostingMeter && stream?.Name is { } exported ? exported : instrument.Name;
        this.guard?.Publishing(instrument, owned, named);
        return stream;
    }

    private MetricStreamConfiguration? Decide(Instrument instrument)
    {
        if (this.BelongsToAnotherHost(instrument.Meter))
        {
            return MetricStreamConfiguration.Drop;
        }

        var meter = instrument.Meter.Name;
        var limit = this.options.CardinalityLimit;

        if (meter == KpiInstrumentNames.HostingMeter)
        {
            switch (instrument.Name)
            {
                case KpiInstrumentNames.OwnRequestDuration:
                    // RequestDurationRecorder's, recorded with the contract's tags only: no tag filtering either.
                    return new ExplicitBucketHistogramConfiguration { Name = KpiInstrumentNames.RequestDuration, Boundaries = this.buckets, CardinalityLimit = limit };
                case KpiInstrumentNames.OwnActiveRequests:
                    // ActiveRequestCounter's: one series per method value at most.
                    return new MetricStreamConfiguration { Name = KpiInstrumentNames.ActiveRequests, CardinalityLimit = HttpMethodName.Count };
                case KpiInstrumentNames.ActiveRequests:
                case KpiInstrumentNames.RequestDuration:
                    return MetricStreamConfiguration.Drop; // ASP.NET Core's own, replaced by OtelKpi's
            }
        }

        if (meter.StartsWith(KpiInstrumentNames.AspNetCoreMeterPrefix, StringComparison.Ordinal) && this.optedInMeters?.IsMatch(meter) != true)
        {
            // Kestrel, routing, memory pool, diagnostics, rate limiting: off unless asked for.
            return MetricStreamConfiguration.Drop;
        }

        if (meter == KpiInstrumentNames.ProcessInstrumentationMeter)
        {
            return this.options.Resources.ProcessEnabled && KpiInstrumentNames.ProcessRenames.TryGetValue(instrument.Name, out var rename)
                ? new MetricStreamConfiguration { Name = rename.Name, Description = rename.Description, TagKeys = [], CardinalityLimit = SingleSeriesLimit }
                : MetricStreamConfiguration.Drop;
        }

        if (meter == KpiInstrumentNames.ProcessMeter && !this.options.Resources.ProcessEnabled)
        {
            return MetricStreamConfiguration.Drop;
        }

        if (meter is KpiInstrumentNames.ProcessMeter or KpiInstrumentNames.ContainerMeter)
        {
            return new MetricStreamConfiguration { CardinalityLimit = SingleSeriesLimit };
        }

        return null;
    }

    /// <summary>
    /// ASP.NET Core's own request instruments, which <see cref="ActiveRequestCounter"/> and
    /// <see cref="RequestDurationRecorder"/> replace: a user's view that gives one a stream would export a second
    /// family of the contract's name, so the guard watches them as well.
    /// </summary>
    private static bool IsReplacedByOtelKpi(Instrument instrument) =>
        instrument.Meter.Name == KpiInstrumentNames.HostingMeter
        && instrument.Name is KpiInstrumentNames.ActiveRequests or KpiInstrumentNames.RequestDuration;

    /// <summary>The names <c>AddMeter</c> selects: case-insensitive, <c>*</c> for any characters.</summary>
    private static Regex? MeterNamePattern(IEnumerable<string> names)
    {
        var alternatives = names.Select(name => Regex.Escape(name).Replace(@"\*", ".*", StringComparison.Ordinal)).ToList();
        return alternatives.Count == 0
            ? null
            : new Regex($"^(?:{string.Join('|', alternatives)})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    /// <summary>
    /// OpenTelemetry selects meters by name process-wide, so without this check a second web host in the
    /// same process (an integration test server, a sidecar listener) would add its requests to this service's
    /// HTTP metrics. Meters created through another host's <see cref="IMeterFactory"/> are not ours.
    /// </summary>
    private bool BelongsToAnotherHost(Meter meter) =>
        this.ownMeterFactory is not null && meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, this.ownMeterFactory);
}
