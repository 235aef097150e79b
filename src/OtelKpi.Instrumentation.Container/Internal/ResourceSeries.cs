namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>The Prometheus names of the series, as operators see them in logs and on /metrics.</summary>
internal static class ResourceSeries
{
    public const string CpuLimit = "otelkpi_container_cpu_limit_cores";
    public const string CpuUsage = "otelkpi_container_cpu_usage_seconds_total";
    public const string Periods = "otelkpi_container_cpu_periods_total";
    public const string ThrottledPeriods = "otelkpi_container_cpu_throttled_periods_total";
    public const string Throttled = "otelkpi_container_cpu_throttled_seconds_total";
    public const string WorkingSet = "otelkpi_container_memory_working_set_bytes";
    public const string MemoryLimit = "otelkpi_container_memory_limit_bytes";
    public const string DiskRead = "otelkpi_container_disk_read_bytes_total";
    public const string DiskWrite = "otelkpi_container_disk_write_bytes_total";
    public const string FilesystemUsed = "otelkpi_filesystem_used_bytes";
    public const string FilesystemAvailable = "otelkpi_filesystem_available_bytes";
    public const string FilesystemCapacity = "otelkpi_filesystem_capacity_bytes";
    public const string NetworkReceive = "otelkpi_network_receive_bytes_total";
    public const string NetworkTransmit = "otelkpi_network_transmit_bytes_total";
}
