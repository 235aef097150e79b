namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>
/// Decides at start-up which source files feed the exported series, and records for the start-up log every
/// series that is not exported and why. Usage, throttling and I/O counters come only from the process's own
/// group; a file missing at start-up is never read again, so the steady state logs nothing for it.
/// </summary>
internal sealed class ExportPlan
{
    private readonly List<(string Series, string Reason)> notExported = [];

    /// <summary>The series left out, grouped by reason, in the order they were decided.</summary>
    public IEnumerable<(string Series, string Reason)> NotExported =>
        this.notExported.GroupBy(n => n.Reason, StringComparer.Ordinal).Select(g => (string.Join(", ", g.Select(n => n.Series).Distinct()), g.Key));

    /// <summary>The path of <paramref name="file"/> in the process's own <paramref name="group"/>, or null (recorded) when it is not usable.</summary>
    public string? OwnFile(CgroupGroup? group, string controller, string file, params string[] series)
    {
        if (group is null)
        {
            return this.Skip(series, $"no cgroup hierarchy with the {controller} controller is mounted");
        }

        if (!group.Verdict.IsOwn)
        {
            return this.Skip(series, $"the {controller} cgroup {group.Directory} is {Describe(group.Verdict.Ownership)} (see event 2001){Fallback(controller)}");
        }

        return this.ExistingFile(Path.Combine(group.Directory, file), series);
    }

    /// <summary><paramref name="path"/>, or null (recorded) when it does not exist.</summary>
    public string? ExistingFile(string path, params string[] series) =>
        File.Exists(path) ? path : this.Skip(series, $"{path} does not exist");

    public string? Skip(IEnumerable<string> series, string reason)
    {
        foreach (var name in series)
        {
            this.notExported.Add((name, reason));
        }

        return null;
    }

    private static string Describe(GroupOwnership ownership) => ownership switch
    {
        GroupOwnership.HierarchyRoot => "the machine's root group",
        GroupOwnership.Shared => "shared with processes unrelated to this one",
        GroupOwnership.NotMember => "not the group this process belongs to",
        _ => "of unknown membership",
    };

    private static string Fallback(string controller) => controller switch
    {
        "cpu" or "cpuacct" => "; CPU usage panels and rules fall back to process_cpu_seconds_total",
        "memory" => "; memory panels and rules fall back to process_resident_memory_bytes",
        _ => string.Empty,
    };
}
