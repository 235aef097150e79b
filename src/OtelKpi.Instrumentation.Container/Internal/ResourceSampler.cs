using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>
/// Reads every resource source once per collection. The observable instruments each ask for
/// their part of the snapshot with their own consumer number; the sources are read again as soon
/// as an instrument asks a second time, which is the next collection. No clock is involved, so two
/// scrapes in quick succession never see the same snapshot.
/// </summary>
internal sealed class ResourceSampler : IDisposable
{
    private readonly ICgroupReader cgroup;
    private readonly NetworkReader network;
    private readonly FilesystemReader? filesystem;
    private readonly Lock gate = new();
    private readonly HashSet<int> servedFromLast = [];
    private ResourceSnapshot last;
    private bool hasSample;

    public ResourceSampler(ICgroupReader cgroup, NetworkReader network, FilesystemReader? filesystem, ReadFailureLog? failures = null)
    {
        this.cgroup = cgroup;
        this.network = network;
        this.filesystem = filesystem;
        this.Failures = failures ?? ReadFailureLog.Silent;
    }

    public CgroupVersion Version { get; private init; }

    /// <summary>Where read failures and unexpected collection errors are reported.</summary>
    public ReadFailureLog Failures { get; }

    /// <summary>
    /// Detects the layout, decides what is exported (see docs/metrics.md, "Where resource series come from") and
    /// logs it once: the cgroup version and directories, whose each group is, and every series left out and why.
    /// </summary>
    public static ResourceSampler Create(ContainerResourceInstrumentationOptions options, ILogger? logger = null, TimeProvider? time = null)
    {
        logger ??= NullLogger.Instance;
        time ??= TimeProvider.System;
        var paths = new HostPaths(string.IsNullOrEmpty(options.RootPath) ? "/" : options.RootPath);
        var failures = new ReadFailureLog(logger, time);
        var files = new SourceFiles(failures);
        var plan = new ExportPlan();

        var layout = CgroupLayout.Detect(paths);
        var host = HostLimits.Read(paths);
        var reader = ICgroupReader.For(layout, host, files, plan);
        var network = NetworkNamespace.Detect(paths);
        var procNetDev = paths.Resolve("/proc/net/dev");
        var readNetwork = network.IsOwn && plan.ExistingFile(procNetDev, ResourceSeries.NetworkReceive, ResourceSeries.NetworkTransmit) is not null;
        if (!network.IsOwn)
        {
            plan.Skip([ResourceSeries.NetworkReceive, ResourceSeries.NetworkTransmit], "the network namespace is the machine's (see event 2003)");
        }

        var directory = options.FilesystemPath ?? Directory.GetCurrentDirectory();
        var filesystem = Directory.Exists(directory) ? new FilesystemReader(directory, files) : null;
        if (filesystem is null)
        {
            plan.Skip([ResourceSeries.FilesystemUsed, ResourceSeries.FilesystemAvailable, ResourceSeries.FilesystemCapacity], $"the directory {directory} does not exist");
        }

        var sampler = new ResourceSampler(reader, new NetworkReader(paths, files, readNetwork), filesystem, failures) { Version = layout.Version };
        Log(logger, layout, network, plan, sampler.Sample());
        return sampler;
    }

    /// <summary>Reads every source now.</summary>
    public ResourceSnapshot Sample()
    {
        lock (this.gate)
        {
            this.servedFromLast.Clear();
            this.hasSample = false;
            return this.Read();
        }
    }

    /// <summary>
    /// The snapshot of the current collection for one instrument: the last one read, unless this
    /// <paramref name="consumer"/> was already served from it, in which case a new collection has begun.
    /// </summary>
    public ResourceSnapshot Sample(int consumer)
    {
        lock (this.gate)
        {
            if (!this.hasSample || !this.servedFromLast.Add(consumer))
            {
                this.servedFromLast.Clear();
                this.servedFromLast.Add(consumer);
                this.last = this.Read();
                this.hasSample = true;
            }

            return this.last;
        }
    }

    public void Dispose() => this.Failures.Dispose();

    private ResourceSnapshot Read() => new(
        this.cgroup.ReadCpu(),
        this.cgroup.ReadMemory(),
        this.cgroup.ReadIo(),
        this.network.Read(),
        this.filesystem?.Read() ?? default);

    private static void Log(ILogger logger, CgroupLayout layout, NetworkNamespace network, ExportPlan plan, ResourceSnapshot first)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var description = layout.Version switch
        {
            CgroupVersion.None => "no cgroup filesystem is visible",
            CgroupVersion.V1 => "cgroup v1, " + string.Join(", ", layout.Groups.Select(g => $"{g.Controller} at {g.Group.Directory}")),
            _ => $"cgroup v2 at {layout.CpuDirectory}",
        };
        ContainerLog.Detected(logger, description, first.Cpu.LimitCores, first.Memory.LimitBytes);
        foreach (var (controller, group) in layout.Groups)
        {
            ContainerLog.GroupClassified(logger, controller, group.Directory, group.Verdict.Ownership, group.Verdict.Reason);
        }

        ContainerLog.NetworkNamespace(logger, network.IsOwn ? "the process's own" : "the machine's", network.Reason);
        foreach (var (series, reason) in plan.NotExported)
        {
            ContainerLog.NotExported(logger, series, reason);
        }
    }
}
