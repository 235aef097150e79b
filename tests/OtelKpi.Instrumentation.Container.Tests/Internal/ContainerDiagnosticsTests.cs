using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Metrics;
using OtelKpi.Instrumentation.Container.Internal;

namespace OtelKpi.Instrumentation.Container.Tests.Internal;

public class ContainerDiagnosticsTests
{
    [Fact]
    public void Start_up_logs_the_layout_whose_each_group_is_and_every_series_left_out_with_its_reason()
    {
        var logger = new FakeLogger();
        var root = Fixture.Root("v1-unlimited-nested");

        using var sampler = ResourceSampler.Create(new ContainerResourceInstrumentationOptions { RootPath = root, FilesystemPath = AppContext.BaseDirectory }, logger);

        var records = logger.Collector.GetSnapshot();
        Assert.Equal(
            $"Resource metrics: cgroup v1, cpu at {root}/sys/fs/cgroup/cpu, cpuacct at {root}/sys/fs/cgroup/cpuacct, memory at {root}/sys/fs/cgroup/memory/process_api/c59d9d, blkio at {root}/sys/fs/cgroup/blkio. Limits: 2 CPU cores, 25276502016 bytes of memory.",
            Single(records, 2000).Replace(Environment.ProcessorCount + " CPU", "2 CPU", StringComparison.Ordinal));
        var groups = records.Where(r => r.Id.Id == 2001).Select(r => r.Message).ToList();
        Assert.Equal(4, groups.Count);
        Assert.Contains($"Resource metrics: the cpu cgroup {root}/sys/fs/cgroup/cpu is HierarchyRoot: it is the root of the hierarchy, whose counters are the whole machine's.", groups);
        Assert.Contains($"Resource metrics: the memory cgroup {root}/sys/fs/cgroup/memory/process_api/c59d9d is Shared: 1 of its 4 processes are neither this process, its ancestors nor its descendants (e.g. pid 77 'bash').", groups);
        Assert.Equal(
            "Resource metrics: the network namespace is the machine's: it is the machine's initial network namespace, whose interfaces carry every process's traffic.",
            Single(records, 2003));
        var notExported = records.Where(r => r.Id.Id == 2002).Select(r => r.Message).ToList();
        Assert.Equal(
            [
                $"Resource metrics: not exporting otelkpi_container_cpu_periods_total, otelkpi_container_cpu_throttled_periods_total, otelkpi_container_cpu_throttled_seconds_total, because the cpu cgroup {root}/sys/fs/cgroup/cpu is the machine's root group (see event 2001); CPU usage panels and rules fall back to process_cpu_seconds_total.",
                $"Resource metrics: not exporting otelkpi_container_cpu_usage_seconds_total, because the cpuacct cgroup {root}/sys/fs/cgroup/cpuacct is the machine's root group (see event 2001); CPU usage panels and rules fall back to process_cpu_seconds_total.",
                $"Resource metrics: not exporting otelkpi_container_memory_working_set_bytes, because the memory cgroup {root}/sys/fs/cgroup/memory/process_api/c59d9d is shared with processes unrelated to this one (see event 2001); memory panels and rules fall back to process_resident_memory_bytes.",
                $"Resource metrics: not exporting otelkpi_container_disk_read_bytes_total, otelkpi_container_disk_write_bytes_total, because the blkio cgroup {root}/sys/fs/cgroup/blkio is the machine's root group (see event 2001).",
                "Resource metrics: not exporting otelkpi_network_receive_bytes_total, otelkpi_network_transmit_bytes_total, because the network namespace is the machine's (see event 2003).",
            ],
            notExported);
        Assert.All(records, r => Assert.Equal(LogLevel.Information, r.Level));
    }

    [Fact]
    public void A_healthy_group_logs_only_at_start_up_never_per_collection()
    {
        var logger = new FakeLogger();
        var time = new FakeTimeProvider();
        using var sampler = ResourceSampler.Create(new ContainerResourceInstrumentationOptions { RootPath = Fixture.Root("v2-limited-throttled"), FilesystemPath = AppContext.BaseDirectory }, logger, time);
        var atStartUp = logger.Collector.Count;

        for (var i = 0; i < 10; i++)
        {
            time.Advance(TimeSpan.FromSeconds(15));
            Assert.NotNull(sampler.Sample().Cpu.UsageSeconds);
        }

        Assert.Equal(atStartUp, logger.Collector.Count);
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Id.Id == 2002);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Id.Id == 2001 && r.Message.Contains(" is Own: its other 1 processes are this process's ancestors or descendants.", StringComparison.Ordinal));
    }

    [Fact]
    public void Garbage_is_logged_once_then_summarised_at_most_once_a_minute()
    {
        var logger = new FakeLogger();
        var time = new FakeTimeProvider();
        using var sampler = ResourceSampler.Create(new ContainerResourceInstrumentationOptions { RootPath = Fixture.Root("v2-garbage"), FilesystemPath = AppContext.BaseDirectory }, logger, time);

        // The start-up collection meets the first garbage file and says so at once.
        var first = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id is 2010 or 2011);
        Assert.Equal(2010, first.Id.Id);
        Assert.Equal(LogLevel.Warning, first.Level);
        Assert.Equal(
            $"Resource metrics: could not read {Fixture.Root("v2-garbage")}/sys/fs/cgroup/cpu.stat for otelkpi_container_cpu_usage_seconds_total: it has no readable 'usage_usec' line. The value is left out of this collection; further read failures are summarised at most once a minute.",
            first.Message);

        // Four more collections within the minute: nothing more is logged.
        for (var i = 0; i < 4; i++)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            sampler.Sample();
        }

        Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id is 2010 or 2011);

        // The minute is over: one summary counts every failure since, this collection's included.
        time.Advance(TimeSpan.FromSeconds(20));
        sampler.Sample();
        var records = logger.Collector.GetSnapshot().Where(r => r.Id.Id is 2010 or 2011).ToList();
        Assert.Equal(2, records.Count);
        var summary = records[1];
        Assert.Equal(2011, summary.Id.Id);
        Assert.True(sampler.Failures.Reported > 6, $"every collection meets several garbage files ({sampler.Failures.Reported} reported)");
        Assert.Equal(0, sampler.Failures.Reported % 6);
        // The summary comes with the first failure of the sixth collection: all but the very first failure and the
        // rest of the sixth collection's, which open the next minute.
        var perCollection = sampler.Failures.Reported / 6;
        Assert.StartsWith($"Resource metrics: {sampler.Failures.Reported - perCollection} more read failures in the last 60 s; the latest: ", summary.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_named_with_the_reason()
    {
        // Root reads every file whatever its mode, so the unreadable file is a directory where a file should be.
        var root = CopyFixture("v2-limited-throttled");
        var current = Path.Combine(root, "sys/fs/cgroup/kubepods/burstable/pod42/ctr7/memory.current");
        var logger = new FakeLogger();
        using var sampler = ResourceSampler.Create(new ContainerResourceInstrumentationOptions { RootPath = root, FilesystemPath = AppContext.BaseDirectory }, logger);
        File.Delete(current);
        Directory.CreateDirectory(current);

        var snapshot = Resample(sampler);

        Assert.Null(snapshot.Memory.WorkingSetBytes);
        Assert.Equal(1_073_741_824, snapshot.Memory.LimitBytes);
        var failure = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id == 2010);
        Assert.StartsWith($"Resource metrics: could not read {current} for otelkpi_container_memory_working_set_bytes: UnauthorizedAccessException: ", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exception_in_a_collection_is_logged_and_the_value_left_out()
    {
        var logger = new FakeLogger();
        var failures = new ReadFailureLog(logger, new FakeTimeProvider());
        var sampler = new ResourceSampler(new ThrowingReader(), new NetworkReader(Fixture.Paths("no-cgroup")), null, failures: failures);
        using var meter = new ContainerResourceMeter(sampler);

        var values = ContainerResourceMeterTests.Observe(meter);

        Assert.Empty(values);
        var record = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(2010, record.Id.Id);
        Assert.Equal("Resource metrics: could not read the resource sampler for otelkpi.container.cpu.limit_cores: an unexpected error. The value is left out of this collection; further read failures are summarised at most once a minute.", record.Message);
        Assert.IsType<InvalidDataException>(record.Exception);
    }

    [Fact]
    public void Suppressed_failures_are_summarised_when_the_meter_is_disposed()
    {
        var logger = new FakeLogger();
        var failures = new ReadFailureLog(logger, new FakeTimeProvider());

        failures.Report("/a", "x", "first");
        failures.Report("/b", "y", "second");
        failures.Report("/c", "z", "third");
        failures.Dispose();

        Assert.Equal(
            ["Resource metrics: could not read /a for x: first. The value is left out of this collection; further read failures are summarised at most once a minute.",
             "Resource metrics: 2 more read failures in the last 0 s; the latest: /c for z: third."],
            logger.Collector.GetSnapshot().Select(r => r.Message));
    }

    [Fact]
    public void The_extension_logs_under_the_package_category_through_the_service_provider_logger_factory()
    {
        using var loggers = new FakeLoggerProvider();
        using (OpenTelemetry.Sdk.CreateMeterProviderBuilder()
            .ConfigureServices(s => s.AddLogging(b => b.AddProvider(loggers)))
            .AddContainerResourceInstrumentation(o => o.RootPath = Fixture.Root("v2-limited-throttled"))
            .Build())
        {
        }

        var detected = Assert.Single(loggers.Collector.GetSnapshot(), r => r.Id.Id == 2000);
        Assert.Equal(ContainerLog.CategoryName, detected.Category);
        Assert.Equal(nameof(ContainerLog.Detected), detected.Id.Name);
    }

    private static ResourceSnapshot Resample(ResourceSampler sampler)
    {
        Thread.Sleep(300); // past the sampler's reuse window of the start-up sample
        return sampler.Sample();
    }

    private static string CopyFixture(string name)
    {
        var target = Path.Combine(Path.GetTempPath(), "otelkpi-fixture-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.GetFiles(Fixture.Root(name), "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(Fixture.Root(name), file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    private static string Single(IReadOnlyList<FakeLogRecord> records, int id) => Assert.Single(records, r => r.Id.Id == id).Message;

    private sealed class ThrowingReader : ICgroupReader
    {
        public CpuSample ReadCpu() => throw new InvalidDataException("boom");

        public MemorySample ReadMemory() => default;

        public IoSample ReadIo() => default;
    }
}
