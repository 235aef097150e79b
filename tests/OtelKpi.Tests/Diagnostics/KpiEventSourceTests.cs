using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Microsoft.Extensions.Options;

namespace OtelKpi.Tests.Diagnostics;

/// <summary>OpenTelemetry's self-diagnostics listen to EventSources named OpenTelemetry-*; OtelKpi's misconfiguration reaches them.</summary>
public class KpiEventSourceTests
{
    [Fact]
    public async Task A_bad_setting_is_written_to_the_OpenTelemetry_OtelKpi_event_source()
    {
        using var listener = new OtelKpiEvents();

        await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = KpiTestHost.Build(new Dictionary<string, string?> { ["KpiTelemetry:CardinalityLimit"] = "3" });
            await app.StartAsync();
        });

        var written = Assert.Single(listener.Events, e => e.EventName == "InvalidConfiguration");
        Assert.Equal((1, EventLevel.Critical), (written.EventId, written.Level));
        Assert.Equal("KpiTelemetry:CardinalityLimit is 3; allowed: an integer from 10 to 100000.", written.Payload?.Single());
    }

    private sealed class OtelKpiEvents : EventListener
    {
        public ConcurrentQueue<EventWrittenEventArgs> Events { get; } = new();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "OpenTelemetry-OtelKpi")
            {
                this.EnableEvents(eventSource, EventLevel.Informational);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData) => this.Events.Enqueue(eventData);
    }
}
