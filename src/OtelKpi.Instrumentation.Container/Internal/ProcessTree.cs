namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>
/// This process, its ancestors and the parent of any other process, read from /proc/&lt;pid&gt;/stat. It tells
/// whether the other members of a cgroup are related to this process (its parent shell, an init such as tini,
/// the workers it started) or unrelated (other services or sessions sharing the group).
/// </summary>
internal sealed class ProcessTree
{
    private const int MaxDepth = 256; // a parent chain is never this long; guards against a corrupt /proc

    private readonly HostPaths paths;
    private readonly Dictionary<int, int?> parents = [];
    private readonly HashSet<int> ancestors = [];

    private ProcessTree(HostPaths paths, int self, int? parent)
    {
        this.paths = paths;
        this.Self = self;
        this.parents[self] = parent;
        for (var (pid, depth) = (this.ParentOf(self), 0); pid is > 0 && depth < MaxDepth; pid = this.ParentOf(pid.Value), depth++)
        {
            this.ancestors.Add(pid.Value);
        }
    }

    /// <summary>The process id of this process, as its own pid namespace numbers it.</summary>
    public int Self { get; }

    /// <summary>The tree, or null when /proc/self/stat cannot be read (not Linux, no procfs).</summary>
    public static ProcessTree? Read(HostPaths paths) =>
        Parse(PseudoFile.TryRead(paths.Resolve("/proc/self/stat"))) is ({ } self, var parent) ? new ProcessTree(paths, self, parent) : null;

    /// <summary>How <paramref name="pid"/> relates to this process.</summary>
    public ProcessRelation RelationOf(int pid)
    {
        if (pid == this.Self)
        {
            return ProcessRelation.Self;
        }

        if (this.ancestors.Contains(pid))
        {
            return ProcessRelation.Ancestor;
        }

        // 0 is how cgroup v2 lists a member outside this pid namespace, which is never ours.
        if (pid <= 0)
        {
            return ProcessRelation.Unrelated;
        }

        for (var (parent, depth) = (this.ParentOf(pid), 0); parent is > 0 && depth < MaxDepth; parent = this.ParentOf(parent.Value), depth++)
        {
            if (parent == this.Self)
            {
                return ProcessRelation.Descendant;
            }
        }

        return this.ParentOf(pid) is null ? ProcessRelation.Gone : ProcessRelation.Unrelated;
    }

    /// <summary>The command name of <paramref name="pid"/> (the "comm" field), for log messages.</summary>
    public string? NameOf(int pid)
    {
        var stat = PseudoFile.TryRead(this.paths.Resolve($"/proc/{pid}/stat"));
        var open = stat?.IndexOf('(', StringComparison.Ordinal) ?? -1;
        var close = stat?.LastIndexOf(')') ?? -1;
        return open >= 0 && close > open ? stat![(open + 1)..close] : null;
    }

    /// <summary>"pid (comm) state ppid ...": the comm may hold spaces and parentheses, so fields count from the last ')'.</summary>
    internal static (int? Pid, int? Parent) Parse(string? stat)
    {
        if (stat is null)
        {
            return (null, null);
        }

        var close = stat.LastIndexOf(')');
        var space = stat.IndexOf(' ', StringComparison.Ordinal);
        if (close < 0 || space < 0 || !int.TryParse(stat.AsSpan(0, space), out var pid))
        {
            return (null, null);
        }

        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (pid, fields.Length > 1 && int.TryParse(fields[1], out var parent) ? parent : null);
    }

    private int? ParentOf(int pid)
    {
        if (!this.parents.TryGetValue(pid, out var parent))
        {
            parent = Parse(PseudoFile.TryRead(this.paths.Resolve($"/proc/{pid}/stat"))).Parent;
            this.parents[pid] = parent;
        }

        return parent;
    }
}

/// <summary>How another process relates to this one.</summary>
internal enum ProcessRelation
{
    Self,
    Ancestor,
    Descendant,
    Unrelated,

    /// <summary>It exited between listing and looking.</summary>
    Gone,
}
