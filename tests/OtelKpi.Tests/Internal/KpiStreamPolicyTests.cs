using OpenTelemetry.Metrics;
using OtelKpi.Internal;
using System.Diagnostics.Metrics;

namespace OtelKpi.Tests.Internal;

public class KpiStreamPolicyTests
{
    private readonly KpiStreamPolicy policy = new(new KpiTelemetryOptions { CardinalityLimit = 777 }, ownMeterFactory: null);

    [Fact]
    public void The_request_duration_keeps_four_labels_the_configured_buckets_and_the_limit()
    {
        using var meter = new Meter("Microsoft.AspNetCore.Hosting");
        var stream = Assert.IsType<ExplicitBucketHistogramConfiguration>(this.policy.StreamFor(meter.CreateHistogram<double>("http.server.request.duration", "s")));

        Assert.Equal(["http.request.method", "http.route", "http.response.status_code", "error.type"], stream.TagKeys!);
        Assert.Equal(KpiTelemetryOptions.DefaultLatencyBuckets, stream.Boundaries);
        Assert.Equal(777, stream.CardinalityLimit);
    }

    [Fact]
    public void Unlabelled_process_and_container_streams_reserve_a_single_point()
    {
        using var process = new Meter(KpiInstrumentNames.ProcessMeter);
        using var container = new Meter("OtelKpi.Instrumentation.Container");

        Assert.Equal(1, this.policy.StreamFor(process.CreateObservableCounter("process.cpu", () => 1.0))!.CardinalityLimit);
        Assert.Equal(1, this.policy.StreamFor(container.CreateObservableGauge("otelkpi.container.cpu.limit_cores", () => 1.0))!.CardinalityLimit);
    }

    [Fact]
    public void Other_aspnetcore_meters_and_unmapped_process_instruments_are_dropped()
    {
        using var kestrel = new Meter("Microsoft.AspNetCore.Server.Kestrel");
        using var process = new Meter(KpiInstrumentNames.ProcessInstrumentationMeter);

        Assert.Same(MetricStreamConfiguration.Drop, this.policy.StreamFor(kestrel.CreateCounter<long>("kestrel.connections")));
        Assert.Same(MetricStreamConfiguration.Drop, this.policy.StreamFor(process.CreateObservableGauge("process.thread.count", () => 1)));
        Assert.Same(MetricStreamConfiguration.Drop, this.policy.StreamFor(process.CreateObservableCounter("process.cpu.time", () => 1.0)));
    }

    [Fact]
    public void User_meters_get_the_configured_limit()
    {
        using var meter = new Meter("Shop");

        Assert.Equal(777, this.policy.StreamFor(meter.CreateCounter<long>("orders"))!.CardinalityLimit);
    }
}
