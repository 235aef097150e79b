using System.Globalization;

namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>Whose usage a cgroup directory's counters describe.</summary>
internal enum GroupOwnership
{
    /// <summary>The process's own group: only it, its ancestors (an init, a shell) and its descendants are members.</summary>
    Own,

    /// <summary>The root of the hierarchy: every process of the machine.</summary>
    HierarchyRoot,

    /// <summary>Members unrelated to this process share the group (a login session, a sandbox, a shared slice).</summary>
    Shared,

    /// <summary>The directory visible to the process is not the group it belongs to.</summary>
    NotMember,

    /// <summary>The group's member list or this process's identity could not be read.</summary>
    Unknown,
}

/// <summary>The verdict on one cgroup directory, with the reason logged at start-up.</summary>
internal sealed record OwnershipVerdict(GroupOwnership Ownership, string Reason)
{
    /// <summary>Usage, throttling and I/O counters are exported only for the process's own group.</summary>
    public bool IsOwn => this.Ownership == GroupOwnership.Own;

    /// <summary>
    /// Whether <paramref name="directory"/> is the machine's root group, recognised by the interface files the kernel
    /// creates only there (v1: <c>release_agent</c>) or everywhere but there (v2: <c>cgroup.type</c>). A container's
    /// namespace root is an ordinary group, so it is never taken for the machine's.
    /// </summary>
    public static bool IsHierarchyRoot(string directory, bool unified) =>
        unified ? !File.Exists(Path.Combine(directory, "cgroup.type")) : File.Exists(Path.Combine(directory, "release_agent"));

    /// <summary>Decides whose group <paramref name="directory"/> is.</summary>
    public static OwnershipVerdict Classify(string directory, bool unified, ProcessTree? tree)
    {
        if (IsHierarchyRoot(directory, unified))
        {
            return new(GroupOwnership.HierarchyRoot, "it is the root of the hierarchy, whose counters are the whole machine's");
        }

        if (tree is null)
        {
            return new(GroupOwnership.Unknown, "/proc/self/stat could not be read, so the group's members cannot be told apart");
        }

        var procs = Path.Combine(directory, "cgroup.procs");
        var members = PseudoFile.TryRead(procs, out var error);
        if (members is null)
        {
            return new(GroupOwnership.Unknown, $"{procs} could not be read ({error})");
        }

        var self = false;
        var related = 0;
        var unrelated = new List<int>();
        foreach (var line in members.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            switch (tree.RelationOf(pid))
            {
                case ProcessRelation.Self:
                    self = true;
                    break;
                case ProcessRelation.Ancestor or ProcessRelation.Descendant:
                    related++;
                    break;
                case ProcessRelation.Unrelated:
                    unrelated.Add(pid);
                    break;
            }
        }

        if (!self)
        {
            return new(GroupOwnership.NotMember, $"this process (pid {tree.Self}) is not among its members, so it is not the process's group");
        }

        if (unrelated.Count > 0)
        {
            var example = unrelated[0] == 0 ? "members outside this pid namespace" : $"pid {unrelated[0]} '{tree.NameOf(unrelated[0])}'";
            return new(GroupOwnership.Shared, $"{unrelated.Count} of its {unrelated.Count + related + 1} processes are neither this process, its ancestors nor its descendants (e.g. {example})");
        }

        return new(GroupOwnership.Own, related == 0 ? "this process is its only member" : $"its other {related} processes are this process's ancestors or descendants");
    }
}
