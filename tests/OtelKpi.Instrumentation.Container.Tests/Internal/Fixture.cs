using OtelKpi.Instrumentation.Container.Internal;

namespace OtelKpi.Instrumentation.Container.Tests.Internal;

/// <summary>The fixture trees under Fixtures/: each is a miniature / with proc and sys/fs/cgroup.</summary>
internal static class Fixture
{
    public static readonly HostLimits Host = new(CpuCount: 4, MemoryBytes: 16_384_000L * 1024);

    public static string Root(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static HostPaths Paths(string name) => new(Root(name));

    public static ICgroupReader Reader(string name, HostLimits? host = null) =>
        ICgroupReader.For(CgroupLayout.Detect(Paths(name)), host ?? Host);
}
