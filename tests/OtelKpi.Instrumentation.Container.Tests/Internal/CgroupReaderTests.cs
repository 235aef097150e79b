using OtelKpi.Instrumentation.Container.Internal;

namespace OtelKpi.Instrumentation.Container.Tests.Internal;

public class CgroupReaderTests
{
    [Fact]
    public void V2_limited_and_throttled()
    {
        var reader = Fixture.Reader("v2-limited-throttled");

        Assert.Equal(new CpuSample(1.5, 12.345678, 1000, 250, 4.5), reader.ReadCpu());
        Assert.Equal(new MemorySample(536_870_912 - 134_217_728, 1_073_741_824), reader.ReadMemory());
        Assert.Equal(new IoSample(1_048_576 + 4096, 2_097_152 + 8192), reader.ReadIo());
    }

    [Fact]
    public void V2_unlimited_reports_the_machine_as_the_limit()
    {
        var reader = Fixture.Reader("v2-unlimited", new HostLimits(CpuCount: 8, MemoryBytes: 8_192_000L * 1024));

        Assert.Equal(new CpuSample(8, 0.5, 0, 0, 0), reader.ReadCpu());
        Assert.Equal(new MemorySample(100_000_000, 8_192_000L * 1024), reader.ReadMemory());
        Assert.Equal(new IoSample(0, 0), reader.ReadIo());
    }

    [Fact]
    public void V1_limited_and_throttled()
    {
        var reader = Fixture.Reader("v1-limited-throttled");

        Assert.Equal(new CpuSample(0.5, 7.5, 400, 100, 2.5), reader.ReadCpu());
        Assert.Equal(new MemorySample(314_572_800 - 52_428_800, 268_435_456), reader.ReadMemory());
        Assert.Equal(new IoSample(4096 + 1000, 8192), reader.ReadIo());
    }

    [Fact]
    public void V1_root_cpu_and_shared_memory_groups_give_only_limits_capped_at_the_machine()
    {
        // The development sandbox: cpu, cpuacct and blkio at the machine's root (their counters are every process's),
        // memory nested in a group shared with unrelated processes. The page counter maximum means no limit.
        var host = new HostLimits(CpuCount: 2, MemoryBytes: 24_684_084L * 1024);
        var reader = Fixture.Reader("v1-unlimited-nested", host);

        Assert.Equal(new CpuSample(2, null, null, null, null), reader.ReadCpu());
        Assert.Equal(new MemorySample(null, 24_684_084L * 1024), reader.ReadMemory());
        Assert.Equal(default, reader.ReadIo());
    }

    [Fact]
    public void V1_quota_of_a_parent_group_is_the_limit_and_its_throttling_is_reported()
    {
        // A systemd service with CPUQuota=50% on its slice: the service's own group has no quota of its own.
        var reader = Fixture.Reader("v1-parent-cpu-quota");

        Assert.Equal(new CpuSample(0.5, 3, 80, 20, 1), reader.ReadCpu());
        Assert.Equal(new MemorySample(209_715_200 - 10_485_760, Fixture.Host.MemoryBytes), reader.ReadMemory());
        Assert.Equal(new IoSample(4096, 8192), reader.ReadIo());
    }

    [Fact]
    public void V2_limits_on_a_namespace_root_bind_an_app_in_a_subgroup()
    {
        // cgroup namespace root (a container's group, not the machine's): 0.25 cores and 256 MiB.
        var reader = Fixture.Reader("v2-namespace-root-limits");

        Assert.Equal(new CpuSample(0.25, 8, 40, 10, 2), reader.ReadCpu());
        Assert.Equal(new MemorySample(100_000_000, 268_435_456), reader.ReadMemory());
    }

    [Fact]
    public void V2_session_scope_shared_with_an_editor_gives_limits_but_no_usage()
    {
        var reader = Fixture.Reader("v2-shared-session");

        Assert.Equal(new CpuSample(Fixture.Host.CpuCount, null, null, null, null), reader.ReadCpu());
        Assert.Equal(new MemorySample(null, 4_294_967_296), reader.ReadMemory());
        Assert.Equal(default, reader.ReadIo());
    }

    [Fact]
    public void V2_limits_of_parent_groups_bind_the_process_down_to_the_smallest()
    {
        // ctr7: no limits of its own; pod42: 0.5 cores, 768 MiB; kubepods: 3 cores, 2 GiB. The mount
        // point's own files (a tiny limit no real root has) are never read.
        var reader = Fixture.Reader("v2-parent-limits");

        Assert.Equal(0.5, reader.ReadCpu().LimitCores);
        Assert.Equal(805_306_368, reader.ReadMemory().LimitBytes);
    }

    [Fact]
    public void V1_memory_limit_of_a_parent_group_comes_from_hierarchical_memory_limit()
    {
        var reader = Fixture.Reader("v1-parent-memory-limit", new HostLimits(CpuCount: 2, MemoryBytes: 24_684_084L * 1024));

        // The fixture lists no members of the group, so its usage cannot be attributed: only the limit is read.
        Assert.Equal(new MemorySample(null, 536_870_912), reader.ReadMemory());
    }

    [Fact]
    public void A_quota_above_the_machine_is_capped_at_the_machine()
    {
        var reader = Fixture.Reader("v2-limited-throttled", new HostLimits(CpuCount: 1, MemoryBytes: 512L * 1024 * 1024));

        Assert.Equal(1, reader.ReadCpu().LimitCores);
        Assert.Equal(512L * 1024 * 1024, reader.ReadMemory().LimitBytes);
    }

    [Fact]
    public void Garbage_contents_give_missing_values_not_exceptions()
    {
        var reader = Fixture.Reader("v2-garbage", new HostLimits(CpuCount: 3, MemoryBytes: null));

        // cpu.max "max max" is no quota, so the machine's CPUs are the limit; every counter is unreadable.
        Assert.Equal(new CpuSample(3, null, null, null, null), reader.ReadCpu());
        Assert.Equal(new MemorySample(null, null), reader.ReadMemory());
        Assert.Equal(new IoSample(null, null), reader.ReadIo());
    }

    [Fact]
    public void Missing_files_give_missing_values()
    {
        var reader = Fixture.Reader("v2-missing-files", new HostLimits(CpuCount: 2, MemoryBytes: null));

        Assert.Equal(new CpuSample(2, null, null, null, null), reader.ReadCpu());
        Assert.Equal(new MemorySample(null, null), reader.ReadMemory());
        Assert.Equal(default, reader.ReadIo());
    }

    [Fact]
    public void Host_limits_read_memtotal_in_bytes()
    {
        Assert.Equal(16_384_000L * 1024, HostLimits.Read(Fixture.Paths("v2-limited-throttled")).MemoryBytes);
        Assert.Null(HostLimits.Read(Fixture.Paths("v2-garbage")).MemoryBytes);
        Assert.Null(HostLimits.Read(Fixture.Paths("no-cgroup")).MemoryBytes);
    }
}
