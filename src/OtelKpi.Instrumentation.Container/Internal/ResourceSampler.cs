namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>
/// Reads every resource source once per collection. The observable instruments each ask for
/// their part of the snapshot; the short reuse window makes one collection read each file
/// once instead of once per instrument.
/// </summary>
internal sealed class ResourceSampler
{
    private static readonly TimeSpan ReuseWindow = TimeSpan.FromMilliseconds(250);

    private readonly ICgroupReader cgroup;
    private readonly NetworkReader network;
    private readonly FilesystemReader filesystem;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private ResourceSnapshot last;
    private long lastTimestamp;
    private bool hasSample;

    public ResourceSampler(ICgroupReader cgroup, NetworkReader network, FilesystemReader filesystem, TimeProvider? time = null)
    {
        this.cgroup = cgroup;
        this.network = network;
        this.filesystem = filesystem;
        this.time = time ?? TimeProvider.System;
    }

    public CgroupVersion Version { get; private init; }

    public static ResourceSampler Create(ContainerResourceInstrumentationOptions options)
    {
        var paths = new HostPaths(string.IsNullOrEmpty(options.RootPath) ? "/" : options.RootPath);
        var layout = CgroupLayout.Detect(paths);
        var host = HostLimits.Read(paths);
        var reader = ICgroupReader.For(layout, host);

        var directory = options.FilesystemPath ?? Directory.GetCurrentDirectory();
        return new ResourceSampler(reader, new NetworkReader(paths), new FilesystemReader(directory)) { Version = layout.Version };
    }

    public ResourceSnapshot Sample()
    {
        lock (this.gate)
        {
            var now = this.time.GetTimestamp();
            if (this.hasSample && this.time.GetElapsedTime(this.lastTimestamp, now) < ReuseWindow)
            {
                return this.last;
            }

            this.last = new ResourceSnapshot(
                this.cgroup.ReadCpu(),
                this.cgroup.ReadMemory(),
                this.cgroup.ReadIo(),
                this.network.Read(),
                this.filesystem.Read());
            this.lastTimestamp = now;
            this.hasSample = true;
            return this.last;
        }
    }
}
