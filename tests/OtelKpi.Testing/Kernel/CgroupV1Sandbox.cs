namespace OtelKpi.Testing.Kernel;

/// <summary>
/// Real cgroup v1 groups made for one test (root only): in every hierarchy of <see cref="Controllers"/>, a parent below this test
/// process's own group, carrying the CPU quota and the memory limit, and a child "app" without limits of its own,
/// where the sample runs. So the limits the library must report are a parent's, as a systemd slice or a pod's are.
/// </summary>
public sealed class CgroupV1Sandbox : IAsyncDisposable
{
    public static readonly string[] Controllers = ["cpu", "cpuacct", "memory", "blkio"];

    private readonly Dictionary<string, string> parents = [];

    private CgroupV1Sandbox()
    {
    }

    /// <summary>The child group ("app") of each controller, where the sample runs.</summary>
    public IReadOnlyDictionary<string, string> App => this.parents.ToDictionary(p => p.Key, p => Path.Combine(p.Value, "app"));

    /// <summary>The parent group of each controller, which holds the limits.</summary>
    public IReadOnlyDictionary<string, string> Parent => this.parents;

    /// <summary>
    /// Creates the groups, with <paramref name="quotaMicroseconds"/> per 100 ms period and <paramref name="memoryLimitBytes"/>
    /// (null: no limit, so the process is in a group of its own without being constrained).
    /// </summary>
    public static async Task<CgroupV1Sandbox> CreateAsync(long? quotaMicroseconds, long? memoryLimitBytes)
    {
        var sandbox = new CgroupV1Sandbox();
        try
        {
            var name = "otelkpi-gt-" + Guid.NewGuid().ToString("N")[..8];
            foreach (var controller in Controllers)
            {
                var mount = KernelFiles.V1Mount(controller) ?? throw new InvalidOperationException($"no cgroup v1 hierarchy has the {controller} controller");
                var parent = Path.Combine(mount, KernelFiles.OwnV1Group(controller).TrimStart('/'), name);
                var created = sandbox.parents.ContainsValue(parent); // cpu and cpuacct mounted together share one group
                sandbox.parents[controller] = parent;
                if (!created)
                {
                    Directory.CreateDirectory(parent);
                    Directory.CreateDirectory(Path.Combine(parent, "app"));
                }
            }

            if (quotaMicroseconds is { } quota)
            {
                // The largest weight, so that on a busy machine the quota, not the competition, is what limits the group.
                await File.WriteAllTextAsync(Path.Combine(sandbox.parents["cpu"], "cpu.shares"), "262144");
                await File.WriteAllTextAsync(Path.Combine(sandbox.parents["cpu"], "cpu.cfs_period_us"), "100000");
                await File.WriteAllTextAsync(Path.Combine(sandbox.parents["cpu"], "cpu.cfs_quota_us"), quota.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (memoryLimitBytes is { } limit)
            {
                await File.WriteAllTextAsync(Path.Combine(sandbox.parents["memory"], "memory.limit_in_bytes"), limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            return sandbox;
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    /// <summary>Shell commands that move the shell itself ($$) into every app group, before it execs the sample.</summary>
    public string JoinCommands => string.Concat(this.App.Values.Distinct().Select(app => $"echo $$ > '{app}/cgroup.procs' && "));

    /// <summary>
    /// Starts the sample as a container would run it: joined to these groups before it runs, inside
    /// <paramref name="network"/> (entered with nsenter, not <c>ip netns exec</c>, which remounts /sys and so hides
    /// the cgroup mounts), listening on the namespace's address.
    /// </summary>
    public SampleLaunch LaunchInside(VethNamespace network, IReadOnlyDictionary<string, string>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new SampleLaunch(
            ["/bin/sh", "-c", this.JoinCommands + $"exec nsenter --net={network.Path} -- \"$@\"", "sh"],
            $"http://{network.InsideAddress}:0",
            settings);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var parent in this.parents.Values.Distinct())
        {
            await KernelFiles.RemoveGroupAsync(Path.Combine(parent, "app"));
            await KernelFiles.RemoveGroupAsync(parent);
        }
    }
}
