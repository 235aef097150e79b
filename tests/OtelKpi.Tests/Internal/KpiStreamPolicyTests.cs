using OpenTelemetry.Metrics;
using OtelKpi.Internal;
using System.Diagnostics.Metrics;

namespace OtelKpi.Tests.Internal;

public class KpiStreamPolicyTests
{
    private readonly KpiStreamPolicy policy = new(new KpiTelemetryOptions { CardinalityLimit = 777 }, ownMeterFactory: null);

    [Fact]
    public void OtelKpi_s_request_duration_is_exported_under_the_contract_name_with_the_configured_buckets_and_limit()
    {
        using var meter = new Meter("Microsoft.AspNetCore.Hosting");
        var stream = Assert.IsType<ExplicitBucketHistogramConfiguration>(this.policy.StreamFor(meter.CreateHistogram<double>("otelkpi.http.server.request.duration", "s")));

        Assert.Equal("http.server.request.duration", stream.Name);
        Assert.Null(stream.TagKeys); // recorded with the contract's tags only
        Assert.Equal(KpiTelemetryOptions.DefaultLatencyBuckets, stream.Boundaries);
        Assert.Equal(777, stream.CardinalityLimit);
    }

    [Fact]
    public void OtelKpi_s_active_requests_are_exported_under_the_contract_name_with_a_point_per_method()
    {
        using var meter = new Meter("Microsoft.AspNetCore.Hosting");
        var stream = this.policy.StreamFor(meter.CreateObservableUpDownCounter("otelkpi.http.server.active_requests", () => 0L, "{request}"));

        Assert.Equal("http.server.active_requests", stream!.Name);
        Assert.Equal(10, stream.CardinalityLimit);
    }

    [Fact]
    public void ASP_NET_Core_s_own_request_instruments_are_dropped()
    {
        using var meter = new Meter("Microsoft.AspNetCore.Hosting");

        Assert.Same(MetricStreamConfiguration.Drop, this.policy.StreamFor(meter.CreateHistogram<double>("http.server.request.duration", "s")));
        Assert.Same(MetricStreamConfiguration.Drop, this.policy.StreamFor(meter.CreateUpDownCounter<long>("http.server.active_requests", "{request}")));
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
    public void Other_meters_are_left_to_the_sdk_and_the_users_own_views()
    {
        using var meter = new Meter("Shop");
        using var runtime = new Meter("System.Runtime");

        // Any configuration here would be a second stream next to a view the user adds.
        Assert.Null(this.policy.StreamFor(meter.CreateCounter<long>("orders")));
        Assert.Null(this.policy.StreamFor(runtime.CreateCounter<long>("dotnet.gc.collections")));
    }

    [Theory]
    [InlineData("Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Server.Kestrel", true)]
    [InlineData("microsoft.aspnetcore.server.kestrel", "Microsoft.AspNetCore.Server.Kestrel", true)]
    [InlineData("Microsoft.AspNetCore.*", "Microsoft.AspNetCore.Server.Kestrel", true)]
    [InlineData("Microsoft.AspNetCore.*", "Microsoft.AspNetCore.Routing", true)]
    [InlineData("*", "Microsoft.AspNetCore.Routing", true)]
    [InlineData("Microsoft.AspNetCore.Server.*", "Microsoft.AspNetCore.Routing", false)]
    [InlineData("Microsoft.AspNetCore.Server", "Microsoft.AspNetCore.Server.Kestrel", false)]
    [InlineData("Microsoft.AspNetCore.Server.Kestrel.", "Microsoft.AspNetCore.Server.Kestrel", false)]
    public void Opted_in_aspnetcore_meters_match_as_AddMeter_names_do(string optedIn, string meterName, bool kept)
    {
        var policy = new KpiStreamPolicy(new KpiTelemetryOptions { Meters = { optedIn } }, ownMeterFactory: null);
        using var meter = new Meter(meterName);

        var stream = policy.StreamFor(meter.CreateCounter<long>("some.counter"));

        Assert.Equal(kept, !ReferenceEquals(stream, MetricStreamConfiguration.Drop));
    }

    [Fact]
    public void The_hosting_meters_other_instruments_follow_the_opt_in()
    {
        using var hosting = new Meter("Microsoft.AspNetCore.Hosting");

        Assert.Same(MetricStreamConfiguration.Drop, this.policy.StreamFor(hosting.CreateCounter<long>("aspnetcore.some.other")));
    }
}
