namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>
/// Whether the process's network namespace is its own (a container's, a pod's) or the machine's, whose
/// interfaces carry every process's traffic and would make two instances on one host report the same bytes.
/// </summary>
internal sealed record NetworkNamespace(bool IsOwn, string Reason)
{
    // Linux numbers its initial namespaces with fixed inodes (include/linux/proc_ns.h): the pid namespace
    // since 3.8, the network namespace since 6.18. Older kernels number the initial network namespace like any other.
    private const long InitialPidNamespace = 0xEFFFFFFC;
    private const long InitialNetworkNamespace = 0xEFFFFFF9;
    private static readonly Version FixedNetworkInodeSince = new(6, 18);

    public static NetworkNamespace Detect(HostPaths paths)
    {
        var own = Inode(paths.Resolve("/proc/self/ns/net"));
        if (own is null)
        {
            return new(true, "/proc/self/ns/net cannot be read, so the namespace cannot be told apart from the machine's; its traffic is exported");
        }

        if (own == InitialNetworkNamespace)
        {
            return new(false, "it is the machine's initial network namespace, whose interfaces carry every process's traffic");
        }

        if (KernelRelease(paths) >= FixedNetworkInodeSince)
        {
            return new(true, "it is not the machine's initial network namespace");
        }

        if (Inode(paths.Resolve("/proc/self/ns/pid")) != InitialPidNamespace)
        {
            return new(true, "the process runs in a pid namespace of its own (a container) with a network namespace that is not the machine's initial one");
        }

        // In the machine's pid namespace, pid 1 is the machine's init and lives in the initial network namespace.
        return Inode(paths.Resolve("/proc/1/ns/net")) switch
        {
            null => new(false, "the process shares the machine's pid namespace and /proc/1/ns/net cannot be read to compare, so the machine's network namespace is assumed"),
            var init when init == own => new(false, "it is the network namespace of the machine's init (pid 1), which every process shares unless it was given another"),
            _ => new(true, "it differs from the network namespace of the machine's init (pid 1)"),
        };
    }

    /// <summary>The kernel's major.minor version from /proc/sys/kernel/osrelease ("6.18.44-fc" gives 6.18), or null.</summary>
    private static Version? KernelRelease(HostPaths paths)
    {
        var release = PseudoFile.TryRead(paths.Resolve("/proc/sys/kernel/osrelease"))?.Trim().Split('.', '-');
        return release is [var major, var minor, ..] && int.TryParse(major, out var a) && int.TryParse(minor, out var b) ? new Version(a, b) : null;
    }

    /// <summary>
    /// The inode of a namespace link ("net:[4026531833]"). Fixture trees hold the link text in a regular file,
    /// because builds copy files, not links.
    /// </summary>
    private static long? Inode(string path)
    {
        string? text;
        try
        {
            text = new FileInfo(path).LinkTarget ?? (File.Exists(path) ? PseudoFile.TryRead(path)?.Trim() : null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var open = text?.IndexOf('[', StringComparison.Ordinal) ?? -1;
        return open >= 0 && text![^1] == ']' && long.TryParse(text.AsSpan(open + 1, text.Length - open - 2), out var inode) ? inode : null;
    }
}
