namespace OtelKpi.Instrumentation.Container;

/// <summary>
/// Options for the in-process container and host resource metrics.
/// </summary>
public sealed class ContainerResourceInstrumentationOptions
{
    /// <summary>
    /// Gets or sets the directory whose filesystem is reported by
    /// <c>otelkpi_filesystem_used_bytes</c> and <c>otelkpi_filesystem_capacity_bytes</c>.
    /// <see langword="null"/> (the default) means the current directory, which for an
    /// ASP.NET Core service is its content root.
    /// </summary>
    public string? FilesystemPath { get; set; }

    /// <summary>
    /// Gets or sets the path under which <c>/proc</c> and <c>/sys/fs/cgroup</c> are read.
    /// Defaults to <c>/</c>. Change it only when the host's pseudo-filesystems are mounted
    /// elsewhere (for example a sidecar that mounts the host's <c>/proc</c> under <c>/host</c>).
    /// </summary>
    public string RootPath { get; set; } = "/";
}
