namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>CPU figures of the cgroup; a null field was not available.</summary>
internal readonly record struct CpuSample(
    double? LimitCores,
    double? UsageSeconds,
    long? Periods,
    long? ThrottledPeriods,
    double? ThrottledSeconds);

/// <summary>Memory figures of the cgroup; a null field was not available.</summary>
internal readonly record struct MemorySample(long? WorkingSetBytes, long? LimitBytes);

/// <summary>Block I/O totals of the cgroup across devices; a null field was not available.</summary>
internal readonly record struct IoSample(long? ReadBytes, long? WriteBytes);

/// <summary>Network totals across non-loopback interfaces; a null field was not available.</summary>
internal readonly record struct NetworkSample(long? ReceiveBytes, long? TransmitBytes);

/// <summary>Filesystem figures for the configured path, as df gives them; a null field was not available.</summary>
internal readonly record struct FilesystemSample(long? UsedBytes, long? AvailableBytes, long? CapacityBytes);

/// <summary>All resource figures read in one pass.</summary>
internal readonly record struct ResourceSnapshot(
    CpuSample Cpu,
    MemorySample Memory,
    IoSample Io,
    NetworkSample Network,
    FilesystemSample Filesystem);
