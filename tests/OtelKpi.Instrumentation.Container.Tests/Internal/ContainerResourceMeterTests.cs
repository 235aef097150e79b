using OtelKpi.Instrumentation.Container.Internal;
using System.Diagnostics.Metrics;

namespace OtelKpi.Instrumentation.Container.Tests.Internal;

public class ContainerResourceMeterTests
{
    public static readonly TheoryData<string, string> Instruments = new()
    {
        { "otelkpi.container.cpu.limit_cores", "{cpu}" },
        { "otelkpi.container.cpu.usage", "s" },
        { "otelkpi.container.cpu.periods", "{period}" },
        { "otelkpi.container.cpu.throttled_periods", "{period}" },
        { "otelkpi.container.cpu.throttled", "s" },
        { "otelkpi.container.memory.working_set", "By" },
        { "otelkpi.container.memory.limit", "By" },
        { "otelkpi.container.disk.read", "By" },
        { "otelkpi.container.disk.write", "By" },
        { "otelkpi.filesystem.used", "By" },
        { "otelkpi.filesystem.available", "By" },
        { "otelkpi.filesystem.capacity", "By" },
        { "otelkpi.network.receive", "By" },
        { "otelkpi.network.transmit", "By" },
    };

    [Fact]
    public void Every_instrument_reports_the_fixture_values()
    {
        using var meter = CreateMeter("v2-limited-throttled", AppContext.BaseDirectory);

        var values = Observe(meter);

        Assert.Equal(14, values.Count);
        Assert.Equal(1.5, values["otelkpi.container.cpu.limit_cores"]);
        Assert.Equal(12.345678, values["otelkpi.container.cpu.usage"]);
        Assert.Equal(1000, values["otelkpi.container.cpu.periods"]);
        Assert.Equal(250, values["otelkpi.container.cpu.throttled_periods"]);
        Assert.Equal(4.5, values["otelkpi.container.cpu.throttled"]);
        Assert.Equal(402_653_184, values["otelkpi.container.memory.working_set"]);
        Assert.Equal(1_073_741_824, values["otelkpi.container.memory.limit"]);
        Assert.Equal(1_052_672, values["otelkpi.container.disk.read"]);
        Assert.Equal(2_105_344, values["otelkpi.container.disk.write"]);
        Assert.Equal(1_000_500, values["otelkpi.network.receive"]);
        Assert.Equal(20_300, values["otelkpi.network.transmit"]);
        Assert.InRange(values["otelkpi.filesystem.used"], 1, values["otelkpi.filesystem.capacity"]);
        Assert.InRange(values["otelkpi.filesystem.available"], 0, values["otelkpi.filesystem.capacity"] - values["otelkpi.filesystem.used"]);
    }

    [Theory]
    [MemberData(nameof(Instruments))]
    public void Instruments_carry_the_documented_unit(string name, string unit)
    {
        using var meter = CreateMeter("v2-limited-throttled", AppContext.BaseDirectory);
        var units = new Dictionary<string, string?>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter, meter.Meter))
                {
                    units[instrument.Name] = instrument.Unit;
                }
            },
        };
        listener.Start();

        Assert.Equal(unit, units[name]);
    }

    [Fact]
    public void Garbage_and_missing_sources_omit_metrics_without_throwing()
    {
        using var meter = CreateMeter("v2-garbage", "/this/path/does/not/exist");

        var values = Observe(meter);

        // Only the limits survive: an unreadable quota or memory.max means no limit, so the machine's
        // CPUs and memory apply. Every counter and usage figure is omitted.
        Assert.Equal(["otelkpi.container.cpu.limit_cores", "otelkpi.container.memory.limit"], values.Keys.Order());
        Assert.Equal(Fixture.Host.CpuCount, values["otelkpi.container.cpu.limit_cores"]);
        Assert.Equal(Fixture.Host.MemoryBytes!.Value, values["otelkpi.container.memory.limit"]);
    }

    [Fact]
    public void No_cgroup_reports_the_machine_limits_and_the_filesystem()
    {
        // Windows, macOS, a Linux without a cgroup filesystem: "% of limit" stays defined over the process series.
        using var meter = CreateMeter("no-cgroup", AppContext.BaseDirectory);

        var values = Observe(meter);

        Assert.Equal(
            ["otelkpi.container.cpu.limit_cores", "otelkpi.container.memory.limit", "otelkpi.filesystem.available", "otelkpi.filesystem.capacity", "otelkpi.filesystem.used"],
            values.Keys.Order());
        Assert.Equal(Fixture.Host.CpuCount, values["otelkpi.container.cpu.limit_cores"]);
        Assert.Equal(Fixture.Host.MemoryBytes!.Value, values["otelkpi.container.memory.limit"]);
    }

    [Fact]
    public void The_machine_root_and_a_shared_group_export_only_limits_and_the_filesystem()
    {
        // The development sandbox: cpu at the root, memory shared, the machine's network namespace.
        var sampler = ResourceSampler.Create(new ContainerResourceInstrumentationOptions { RootPath = Fixture.Root("v1-unlimited-nested"), FilesystemPath = AppContext.BaseDirectory });
        using var meter = new ContainerResourceMeter(sampler);

        var values = Observe(meter);

        Assert.Equal(
            ["otelkpi.container.cpu.limit_cores", "otelkpi.container.memory.limit", "otelkpi.filesystem.available", "otelkpi.filesystem.capacity", "otelkpi.filesystem.used"],
            values.Keys.Order());
        Assert.Equal(24_684_084L * 1024, values["otelkpi.container.memory.limit"]);
    }

    [Fact]
    public void Live_read_on_this_machine_exports_usage_exactly_for_the_groups_that_are_the_process_own()
    {
        using var sampler = ResourceSampler.Create(new ContainerResourceInstrumentationOptions());
        var snapshot = sampler.Sample();

        Assert.InRange(snapshot.Cpu.LimitCores!.Value, 0.001, Environment.ProcessorCount);
        Assert.True(snapshot.Memory.LimitBytes > 0, "a memory limit is always exported");
        Assert.InRange(snapshot.Filesystem.UsedBytes!.Value, 1, snapshot.Filesystem.CapacityBytes!.Value);
        if (!OperatingSystem.IsLinux())
        {
            Assert.Equal(CgroupVersion.None, sampler.Version);
            Assert.Null(snapshot.Cpu.UsageSeconds);
            return;
        }

        var layout = CgroupLayout.Detect(new HostPaths("/"));
        Assert.NotEqual(CgroupVersion.None, layout.Version);
        Assert.Equal(layout.CpuAcct?.Verdict.IsOwn == true, snapshot.Cpu.UsageSeconds is > 0);
        Assert.Equal(layout.Memory?.Verdict.IsOwn == true, snapshot.Memory.WorkingSetBytes is > 0);
        Assert.Equal(NetworkNamespace.Detect(new HostPaths("/")).IsOwn, snapshot.Network.ReceiveBytes is not null);
    }

    [Fact]
    public void One_collection_reads_the_sources_once_and_the_next_one_at_once_reads_them_again()
    {
        var reader = new CountingReader();
        var sampler = new ResourceSampler(reader, new NetworkReader(Fixture.Paths("no-cgroup")), null);
        using var meter = new ContainerResourceMeter(sampler);

        Assert.Equal(1, Observe(meter)["otelkpi.container.cpu.usage"]);
        Assert.Equal(1, reader.CpuReads);

        // Back to back, no time passing: the second collection is not served the first one's snapshot.
        Assert.Equal(2, Observe(meter)["otelkpi.container.cpu.usage"]);
        Assert.Equal(2, reader.CpuReads);
    }

    private static ContainerResourceMeter CreateMeter(string fixture, string filesystemPath)
    {
        var sampler = new ResourceSampler(
            Fixture.Reader(fixture),
            new NetworkReader(Fixture.Paths(fixture)),
            new FilesystemReader(filesystemPath));
        return new ContainerResourceMeter(sampler);
    }

    /// <summary>Collects every observable instrument of the meter once, as a metrics reader would.</summary>
    internal static Dictionary<string, double> Observe(ContainerResourceMeter meter)
    {
        var values = new Dictionary<string, double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter.Meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }

    private sealed class CountingReader : ICgroupReader
    {
        public int CpuReads { get; private set; }

        public CpuSample ReadCpu()
        {
            this.CpuReads++;
            return new CpuSample(1, this.CpuReads, 1, 1, 1);
        }

        public MemorySample ReadMemory() => new(1, 2);

        public IoSample ReadIo() => new(1, 1);
    }
}
