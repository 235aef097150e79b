namespace OtelKpi.Internal;

/// <summary>Meter and instrument names the distribution selects, renames or drops.</summary>
internal static class KpiInstrumentNames
{
    public const string AspNetCoreMeterPrefix = "Microsoft.AspNetCore.";
    public const string HostingMeter = "Microsoft.AspNetCore.Hosting";
    public const string RequestDuration = "http.server.request.duration";
    public const string ActiveRequests = "http.server.active_requests";

    /// <summary>
    /// OtelKpi's instruments on the hosting meter, exported under the two names above. Names of their own, so that a
    /// user's view by name finds ASP.NET Core's instrument only, and a meter never hands out one for the other.
    /// </summary>
    public const string OwnRequestDuration = "otelkpi." + RequestDuration;

    public const string OwnActiveRequests = "otelkpi." + ActiveRequests;

    public const string ProcessInstrumentationMeter = "OpenTelemetry.Instrumentation.Process";
    public const string ProcessMeter = "OtelKpi.Process";
    public const string ProcessStartTime = "process.start_time";
    public const string ProcessCpu = "process.cpu";

    /// <summary>The meter of OtelKpi.Instrumentation.Container; all its instruments are unlabelled.</summary>
    public const string ContainerMeter = "OtelKpi.Instrumentation.Container";

    /// <summary>
    /// OpenTelemetry process instrument → name that the Prometheus translation turns into the name every
    /// Prometheus client library uses (unit suffix and <c>_total</c> are added by the scrape writer).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Name, string Description)> ProcessRenames =
        new Dictionary<string, (string, string)>(StringComparer.Ordinal)
        {
            ["process.memory.usage"] = ("process.resident_memory", "Resident memory size in bytes."),   // process_resident_memory_bytes
            ["process.memory.virtual"] = ("process.virtual_memory", "Virtual memory size in bytes."),   // process_virtual_memory_bytes
            ["process.unix.file_descriptor.count"] = ("process.open_fds", "Number of open file descriptors."), // process_open_fds
        };
}
