namespace OtelKpi;

/// <summary>The container and host resource metrics (<c>otelkpi_*</c>) and process metrics (<c>process_*</c>).</summary>
public sealed class KpiResourceMetricsOptions
{
    /// <summary>Gets or sets a value indicating whether container and host metrics are exported. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether process metrics are exported. Default <see langword="true"/>.</summary>
    public bool ProcessEnabled { get; set; } = true;

    /// <summary>
    /// Gets or sets the directory whose filesystem usage is reported. <see langword="null"/> means the
    /// application's content root.
    /// </summary>
    public string? FilesystemPath { get; set; }
}
