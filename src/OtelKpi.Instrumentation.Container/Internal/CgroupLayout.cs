namespace OtelKpi.Instrumentation.Container.Internal;

internal enum CgroupVersion
{
    None,
    V1,
    V2,
}

/// <summary>
/// One controller's group as the process sees it: the directory, the directories whose limits bind it (the group
/// and each parent up to the mount point, the mount point only when it is not the machine's root, whose files are
/// no limits) and whose usage its counters describe.
/// </summary>
internal sealed record CgroupGroup(string Directory, IReadOnlyList<string> Chain, OwnershipVerdict Verdict);

/// <summary>
/// Where the process's own cgroup directories are. For v2 all controllers share one group; for v1 each
/// controller has its own hierarchy, and the groups may differ (a nested memory group under a root cpu group).
/// </summary>
internal sealed record CgroupLayout(
    CgroupVersion Version,
    CgroupGroup? Cpu,
    CgroupGroup? CpuAcct,
    CgroupGroup? Memory,
    CgroupGroup? Blkio)
{
    public static CgroupLayout None { get; } = new(CgroupVersion.None, null, null, null, null);

    public string? CpuDirectory => this.Cpu?.Directory;

    public string? CpuAcctDirectory => this.CpuAcct?.Directory;

    public string? MemoryDirectory => this.Memory?.Directory;

    public string? BlkioDirectory => this.Blkio?.Directory;

    /// <summary>The groups by controller name, each distinct directory once, for the start-up log.</summary>
    public IEnumerable<(string Controller, CgroupGroup Group)> Groups =>
        new (string Controller, CgroupGroup? Group)[] { ("cpu", this.Cpu), ("cpuacct", this.CpuAcct), ("memory", this.Memory), ("blkio", this.Blkio) }
            .Where(g => g.Group is not null)
            .GroupBy(g => g.Group!.Directory, StringComparer.Ordinal)
            .Select(g => (string.Join(",", g.Select(x => x.Controller)), g.First().Group!));

    public static CgroupLayout Detect(HostPaths paths) => Detect(paths, ProcessTree.Read(paths));

    /// <summary>
    /// Reads /proc/self/mountinfo and /proc/self/cgroup. A v1 hierarchy with the cpu or
    /// memory controller wins over a v2 mount, because on hybrid hosts the unified
    /// hierarchy carries no resource controllers.
    /// </summary>
    public static CgroupLayout Detect(HostPaths paths, ProcessTree? tree)
    {
        var mountInfo = PseudoFile.TryRead(paths.Resolve("/proc/self/mountinfo"));
        var membership = PseudoFile.TryRead(paths.Resolve("/proc/self/cgroup"));
        if (mountInfo is null || membership is null)
        {
            return None;
        }

        var mounts = CgroupMount.ParseAll(mountInfo);
        var groups = CgroupMembership.Parse(membership);
        var verdicts = new Dictionary<string, OwnershipVerdict>(StringComparer.Ordinal);

        CgroupGroup Group(CgroupMount mount, string? cgroupPath)
        {
            var directory = mount.DirectoryFor(cgroupPath, paths);
            if (!verdicts.TryGetValue(directory, out var verdict))
            {
                verdict = OwnershipVerdict.Classify(directory, mount.IsV2, tree);
                verdicts[directory] = verdict;
            }

            return new CgroupGroup(directory, mount.Chain(directory, paths), verdict);
        }

        CgroupGroup? V1Group(string controller)
        {
            var mount = mounts.FirstOrDefault(m => !m.IsV2 && m.Controllers.Contains(controller));
            return mount is null ? null : Group(mount, groups.FirstOrDefault(g => g.Controllers.Contains(controller))?.Path);
        }

        var cpu = V1Group("cpu");
        var memory = V1Group("memory");
        if (cpu is not null || memory is not null)
        {
            return new CgroupLayout(CgroupVersion.V1, cpu, V1Group("cpuacct"), memory, V1Group("blkio"));
        }

        var unified = mounts.FirstOrDefault(m => m.IsV2);
        if (unified is null)
        {
            return None;
        }

        var group = Group(unified, groups.FirstOrDefault(g => g.HierarchyId == "0")?.Path);
        return new CgroupLayout(CgroupVersion.V2, group, group, group, group);
    }
}

/// <summary>One line of /proc/self/cgroup: "hierarchy-id:controller-list:path".</summary>
internal sealed record CgroupMembership(string HierarchyId, string[] Controllers, string Path)
{
    public static List<CgroupMembership> Parse(string content)
    {
        var result = new List<CgroupMembership>();
        foreach (var line in content.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3)
            {
                result.Add(new CgroupMembership(parts[0], parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries), parts[2]));
            }
        }

        return result;
    }
}

/// <summary>A cgroup filesystem mount taken from /proc/self/mountinfo.</summary>
internal sealed record CgroupMount(bool IsV2, string Root, string MountPoint, string[] Controllers)
{
    public static List<CgroupMount> ParseAll(string mountInfo)
    {
        var result = new List<CgroupMount>();
        foreach (var line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // id parent major:minor root mount-point options [optional fields...] - fstype source super-options
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            if (separator < 5 || fields.Length < separator + 4)
            {
                continue;
            }

            var fileSystem = fields[separator + 1];
            if (fileSystem is not ("cgroup" or "cgroup2"))
            {
                continue;
            }

            var controllers = fileSystem == "cgroup"
                ? fields[separator + 3].Split(',', StringSplitOptions.RemoveEmptyEntries)
                : [];
            result.Add(new CgroupMount(fileSystem == "cgroup2", Unescape(fields[3]), Unescape(fields[4]), controllers));
        }

        return result;
    }

    /// <summary>
    /// The directory of <paramref name="cgroupPath"/> inside this mount. Falls back to the
    /// mount point when the group lies outside the mount's root or its directory is not
    /// visible, which is what a container without its own cgroup namespace sees.
    /// </summary>
    public string DirectoryFor(string? cgroupPath, HostPaths paths)
    {
        var mountPoint = paths.Resolve(this.MountPoint);
        if (string.IsNullOrEmpty(cgroupPath))
        {
            return mountPoint;
        }

        var root = this.Root == "/" ? string.Empty : this.Root;
        if (!cgroupPath.StartsWith(root, StringComparison.Ordinal))
        {
            return mountPoint;
        }

        var relative = cgroupPath[root.Length..].TrimStart('/');
        if (relative.Length == 0)
        {
            return mountPoint;
        }

        var candidate = Path.Combine(mountPoint, relative);
        return Directory.Exists(candidate) ? candidate : mountPoint;
    }

    /// <summary>
    /// <paramref name="directory"/> and each parent up to this mount point. The mount point itself is included
    /// unless it is the hierarchy's root: a container's namespace root is its own group, with the container's
    /// limits, while the machine's root has no limits (v2) or only "unlimited" ones (v1).
    /// </summary>
    public IReadOnlyList<string> Chain(string directory, HostPaths paths)
    {
        var mountPoint = Path.TrimEndingDirectorySeparator(paths.Resolve(this.MountPoint));
        var chain = new List<string> { directory };
        var below = mountPoint + "/";
        for (var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(directory));
            parent is not null && (parent + "/").StartsWith(below, StringComparison.Ordinal);
            parent = Path.GetDirectoryName(parent))
        {
            if (parent == mountPoint && OwnershipVerdict.IsHierarchyRoot(parent, this.IsV2))
            {
                break;
            }

            chain.Add(parent);
        }

        return chain;
    }

    // mountinfo escapes space, tab, newline and backslash as \ooo octal.
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var builder = new System.Text.StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length
                && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                builder.Append((char)(((field[i + 1] - '0') * 64) + ((field[i + 2] - '0') * 8) + (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                builder.Append(field[i]);
            }
        }

        return builder.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
