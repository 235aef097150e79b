namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>Maps absolute paths such as /proc/self/cgroup under a configurable root.</summary>
internal sealed class HostPaths(string root)
{
    private readonly string root = root.TrimEnd('/');

    public static HostPaths Default { get; } = new("/");

    public string Resolve(string absolutePath) => this.root.Length == 0 ? absolutePath : this.root + absolutePath;
}
