using OtelKpi.Instrumentation.Container.Internal;

namespace OtelKpi.Instrumentation.Container.Tests.Internal;

public class CgroupLayoutTests
{
    [Fact]
    public void V2_resolves_the_process_group_below_the_mount()
    {
        var layout = CgroupLayout.Detect(Fixture.Paths("v2-limited-throttled"));

        Assert.Equal(CgroupVersion.V2, layout.Version);
        Assert.Equal(Path.Combine(Fixture.Root("v2-limited-throttled"), "sys/fs/cgroup/kubepods/burstable/pod42/ctr7"), layout.CpuDirectory);
        Assert.Equal(layout.CpuDirectory, layout.MemoryDirectory);
        Assert.Equal(layout.CpuDirectory, layout.BlkioDirectory);
    }

    [Fact]
    public void V2_in_a_private_namespace_uses_the_mount_point()
    {
        var layout = CgroupLayout.Detect(Fixture.Paths("v2-unlimited"));

        Assert.Equal(CgroupVersion.V2, layout.Version);
        Assert.Equal(Fixture.Root("v2-unlimited") + "/sys/fs/cgroup", layout.MemoryDirectory);
    }

    [Fact]
    public void V1_with_combined_cpu_cpuacct_mount_and_container_root_uses_each_mount_point()
    {
        var root = Fixture.Root("v1-limited-throttled");
        var layout = CgroupLayout.Detect(Fixture.Paths("v1-limited-throttled"));

        Assert.Equal(CgroupVersion.V1, layout.Version);
        Assert.Equal(root + "/sys/fs/cgroup/cpu,cpuacct", layout.CpuDirectory);
        Assert.Equal(root + "/sys/fs/cgroup/cpu,cpuacct", layout.CpuAcctDirectory);
        Assert.Equal(root + "/sys/fs/cgroup/memory", layout.MemoryDirectory);
        Assert.Equal(root + "/sys/fs/cgroup/blkio", layout.BlkioDirectory);
    }

    [Fact]
    public void V1_hybrid_host_prefers_v1_controllers_and_follows_a_nested_memory_group()
    {
        var root = Fixture.Root("v1-unlimited-nested");
        var layout = CgroupLayout.Detect(Fixture.Paths("v1-unlimited-nested"));

        Assert.Equal(CgroupVersion.V1, layout.Version);
        Assert.Equal(root + "/sys/fs/cgroup/cpu", layout.CpuDirectory);
        Assert.Equal(root + "/sys/fs/cgroup/cpuacct", layout.CpuAcctDirectory);
        Assert.Equal(root + "/sys/fs/cgroup/memory/process_api/c59d9d", layout.MemoryDirectory);
    }

    [Fact]
    public void A_group_directory_that_is_not_visible_falls_back_to_the_mount_point()
    {
        var layout = CgroupLayout.Detect(Fixture.Paths("v2-missing-files"));

        Assert.Equal(CgroupVersion.V2, layout.Version);
        Assert.Equal(Fixture.Root("v2-missing-files") + "/sys/fs/cgroup", layout.CpuDirectory);
    }

    [Theory]
    [InlineData("no-cgroup")]
    [InlineData("does-not-exist")]
    public void Without_a_cgroup_filesystem_the_layout_is_none(string fixture)
    {
        Assert.Equal(CgroupVersion.None, CgroupLayout.Detect(Fixture.Paths(fixture)).Version);
    }

    [Fact]
    public void Mount_points_with_escaped_spaces_are_decoded()
    {
        var mounts = CgroupMount.ParseAll("30 22 0:26 / /sys/fs/cgroup\\040x rw - cgroup2 cgroup2 rw\n");

        Assert.Equal("/sys/fs/cgroup x", Assert.Single(mounts).MountPoint);
    }

    [Fact]
    public void Optional_mountinfo_fields_before_the_separator_are_skipped()
    {
        var mounts = CgroupMount.ParseAll("35 24 0:30 / /sys/fs/cgroup/memory rw shared:15 master:3 - cgroup cgroup rw,memory\n");

        var mount = Assert.Single(mounts);
        Assert.False(mount.IsV2);
        Assert.Equal(["rw", "memory"], mount.Controllers);
    }
}
