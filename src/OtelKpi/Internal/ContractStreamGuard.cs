using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace OtelKpi.Internal;

/// <summary>
/// Notices a view of the user's that gives an instrument whose stream <see cref="KpiStreamPolicy"/> defines a second
/// stream of the same name. OpenTelemetry applies every matching view on its own and only reports the clash on its
/// EventSource (DuplicateMetricInstrument), while the Prometheus exporter writes both streams into one family: double
/// counts and mixed buckets. The clash is reported on the publishing thread right after the views were consulted, so
/// it belongs to the instrument this provider's policy was last asked about on that thread.
/// </summary>
/// <remarks>
/// Native AOT removes EventSource support unless the application sets <c>EventSourceSupport</c>; the clash then goes
/// unnoticed (docs/metrics.md says so).
/// </remarks>
internal sealed class ContractStreamGuard
{
    [ThreadStatic]
    private static (ContractStreamGuard Guard, string Instrument, string Meter, string Exported)? publishing;

    private readonly ConcurrentDictionary<(string Instrument, string Meter), bool> conflicts = new();

    public ContractStreamGuard() => DuplicateStreamListener.EnsureStarted();

    /// <summary>
    /// Called by the policy for every instrument: <paramref name="owned"/> when it defines the stream, exported as
    /// <paramref name="exportedName"/> (OtelKpi's own instruments have names of their own, which users never see).
    /// </summary>
    public void Publishing(Instrument instrument, bool owned, string exportedName) =>
        publishing = owned ? (this, instrument.Name, instrument.Meter.Name, exportedName) : null;

    /// <summary>Fails with what to do instead when a conflicting view was seen.</summary>
    public void ThrowIfConflicting()
    {
        if (this.conflicts.IsEmpty)
        {
            return;
        }

        var instruments = string.Join(
            ", ",
            this.conflicts.Keys.Order().Select(c => string.Create(CultureInfo.InvariantCulture, $"'{c.Instrument}' (meter {c.Meter})")));
        throw new InvalidOperationException(
            $"A metric view added next to AddKpiTelemetry() gives a second stream to {instruments}, whose stream the OtelKpi "
            + "metric contract defines: OpenTelemetry would export both under the same name. Remove that view: set latency "
            + "buckets with KpiTelemetry:LatencyBuckets and the series limit with KpiTelemetry:CardinalityLimit; to export the "
            + "instrument in another shape as well, give your view's stream a Name of its own.");
    }

    private static void OnDuplicateStream(string instrument, string meter)
    {
        if (publishing is { } current && current.Instrument == instrument && current.Meter == meter)
        {
            current.Guard.conflicts.TryAdd((current.Exported, meter), true);
        }
    }

    /// <summary>One listener for the process, on the OpenTelemetry SDK's warnings.</summary>
    private sealed class DuplicateStreamListener : EventListener
    {
        private const string SdkEventSource = "OpenTelemetry-Sdk";
        private const string DuplicateEvent = "DuplicateMetricInstrument";

        private static readonly Lazy<DuplicateStreamListener> Instance = new(() => new DuplicateStreamListener());

        public static void EnsureStarted() => _ = Instance.Value;

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == SdkEventSource)
            {
                this.EnableEvents(eventSource, EventLevel.Warning);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName == DuplicateEvent && eventData.Payload is [string instrument, string meter, ..])
            {
                OnDuplicateStream(instrument, meter);
            }
        }
    }
}
