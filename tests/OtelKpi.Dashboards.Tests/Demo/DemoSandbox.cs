using System.Globalization;
using OtelKpi.Testing.Kernel;

namespace OtelKpi.Dashboards.Tests.Demo;

/// <summary>
/// The cgroups and the network namespace scripts/demo.sh put its sample in, read from the kernel (the sample's
/// /proc/&lt;pid&gt;/cgroup and ns/net, the cgroup mounts, /run/netns, /sys/class/net), never from the script.
/// </summary>
internal sealed class DemoSandbox
{
    private static readonly string[] V1Controllers = ["cpu", "cpuacct", "memory", "blkio"];

    private DemoSandbox(string name, IReadOnlyDictionary<string, string> groups)
    {
        this.Name = name;
        this.Groups = groups;
    }

    /// <summary>Gets the name the script gave the groups and the namespace (otelkpi-demo-&lt;its pid&gt;).</summary>
    public string Name { get; }

    /// <summary>Gets the group directory of each controller (v1) or the one unified group (key "unified").</summary>
    public IReadOnlyDictionary<string, string> Groups { get; }

    /// <summary>Gets the bind-mounted namespace file <c>ip netns</c> made.</summary>
    public string NamespaceFile => "/run/netns/" + this.Name;

    /// <summary>Gets the machine's end of the veth pair (the script names it otkd&lt;pid&gt;o).</summary>
    public string OutsideInterface => $"/sys/class/net/otkd{this.Name["otelkpi-demo-".Length..]}o";

    /// <summary>The sandbox <paramref name="pid"/> runs in; fails unless every group is one the demo made.</summary>
    public static DemoSandbox Of(int pid)
    {
        var lines = File.ReadAllLines($"/proc/{pid}/cgroup").Select(l => l.Split(':', 3)).ToList();
        var groups = new Dictionary<string, string>(StringComparer.Ordinal);
        if (KernelFiles.V1Mount("cpu") is not null)
        {
            foreach (var controller in V1Controllers)
            {
                var path = lines.Single(f => f[1].Split(',').Contains(controller))[2];
                groups[controller] = KernelFiles.V1Mount(controller) + path;
            }
        }
        else
        {
            groups["unified"] = KernelFiles.V2Mount() + lines.Single(f => f[0] == "0")[2];
        }

        var names = groups.Values.Select(Path.GetFileName).Distinct().ToList();
        Assert.True(names.Count == 1 && names[0]!.StartsWith("otelkpi-demo-", StringComparison.Ordinal), $"the sample {pid} is not in the demo's groups: {string.Join(", ", groups.Values)}");
        return new DemoSandbox(names[0]!, groups);
    }

    /// <summary>The inode of a namespace file (stat follows /proc/&lt;pid&gt;/ns/net to the namespace).</summary>
    public static async Task<long> InodeAsync(string path) =>
        long.Parse((await KernelFiles.RunAsync("stat", "-L", "-c", "%i", path)).Trim(), CultureInfo.InvariantCulture);

    /// <summary>Bytes the group wrote, by the kernel's block I/O accounting.</summary>
    public long WrittenBytes() => this.Groups.TryGetValue("blkio", out var blkio)
        ? File.ReadAllLines(Path.Combine(blkio, "blkio.throttle.io_service_bytes")).Select(l => l.Split(' ')).Where(f => f.Length == 3 && f[1] == "Write").Sum(f => long.Parse(f[2], CultureInfo.InvariantCulture))
        : File.ReadAllLines(Path.Combine(this.Groups["unified"], "io.stat")).SelectMany(l => l.Split(' ')).Where(f => f.StartsWith("wbytes=", StringComparison.Ordinal)).Sum(f => long.Parse(f["wbytes=".Length..], CultureInfo.InvariantCulture));

    /// <summary>What the demo made that still exists: groups, the namespace file, the veth pair.</summary>
    public IReadOnlyList<string> Leftovers() =>
        this.Groups.Values.Distinct().Append(this.NamespaceFile).Append(this.OutsideInterface).Where(p => Directory.Exists(p) || File.Exists(p)).ToList();
}
