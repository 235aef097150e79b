namespace OtelKpi.Instrumentation.Container.Internal;

internal enum CgroupVersion
{
    None,
    V1,
    V2,
}

/// <summary>
/// Where the process's own cgroup directories are. For v2 all controllers share one
/// directory, below <paramref name="UnifiedMountPoint"/>; for v1 each controller has its own hierarchy.
/// </summary>
internal sealed record CgroupLayout(
    CgroupVersion Version,
    string? CpuDirectory,
    string? CpuAcctDirectory,
    string? MemoryDirectory,
    string? BlkioDirectory,
    string? UnifiedMountPoint = null)
{
    public static CgroupLayout None { get; } = new(CgroupVersion.None, null, null, null, null);

    /// <summary>
    /// Reads /proc/self/mountinfo and /proc/self/cgroup. A v1 hierarchy with the cpu or
    /// memory controller wins over a v2 mount, because on hybrid hosts the unified
    /// hierarchy carries no resource controllers.
    /// </summary>
    public static CgroupLayout Detect(HostPaths paths)
    {
        var mountInfo = PseudoFile.TryRead(paths.Resolve("/proc/self/mountinfo"));
        var membership = PseudoFile.TryRead(paths.Resolve("/proc/self/cgroup"));
        if (mountInfo is null || membership is null)
        {
            return None;
        }

        var mounts = CgroupMount.ParseAll(mountInfo);
        var groups = CgroupMembership.Parse(membership);

        string? V1Directory(string controller)
        {
            var mount = mounts.FirstOrDefault(m => !m.IsV2 && m.Controllers.Contains(controller));
            if (mount is null)
            {
                return null;
            }

            var group = groups.FirstOrDefault(g => g.Controllers.Contains(controller));
            return mount.DirectoryFor(group?.Path, paths);
        }

        var cpu = V1Directory("cpu");
        var memory = V1Directory("memory");
        if (cpu is not null || memory is not null)
        {
            return new CgroupLayout(CgroupVersion.V1, cpu, V1Directory("cpuacct"), memory, V1Directory("blkio"));
        }

        var unified = mounts.FirstOrDefault(m => m.IsV2);
        if (unified is null)
        {
            return None;
        }

        var unifiedGroup = groups.FirstOrDefault(g => g.HierarchyId == "0");
        var directory = unified.DirectoryFor(unifiedGroup?.Path, paths);
        return new CgroupLayout(CgroupVersion.V2, directory, directory, directory, directory, paths.Resolve(unified.MountPoint));
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
