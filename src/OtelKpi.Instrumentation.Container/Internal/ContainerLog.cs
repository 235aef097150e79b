using Microsoft.Extensions.Logging;

namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>
/// The package's log messages, category <see cref="CategoryName"/>, with fixed event ids in 2000-2999 so that
/// operators can filter and alert on them. Start-up detection logs once; read failures go through
/// <see cref="ReadFailureLog"/>, which rate-limits them; nothing is logged per collection in the steady state.
/// </summary>
internal static partial class ContainerLog
{
    public const string CategoryName = "OtelKpi.Instrumentation.Container";

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information,
        Message = "Resource metrics: {Layout}. Limits: {CpuLimit} CPU cores, {MemoryLimit} bytes of memory.")]
    public static partial void Detected(ILogger logger, string layout, double? cpuLimit, long? memoryLimit);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Resource metrics: the {Controller} cgroup {Directory} is {Ownership}: {Reason}.")]
    public static partial void GroupClassified(ILogger logger, string controller, string directory, GroupOwnership ownership, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information,
        Message = "Resource metrics: not exporting {Series}, because {Reason}.")]
    public static partial void NotExported(ILogger logger, string series, string reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information,
        Message = "Resource metrics: the network namespace is {Verdict}: {Reason}.")]
    public static partial void NetworkNamespace(ILogger logger, string verdict, string reason);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning,
        Message = "Resource metrics: could not read {Source} for {Series}: {Reason}. The value is left out of this collection; further read failures are summarised at most once a minute.")]
    public static partial void ReadFailed(ILogger logger, string source, string series, string reason, Exception? exception);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning,
        Message = "Resource metrics: {Count} more read failures in the last {Seconds} s; the latest: {Source} for {Series}: {Reason}.")]
    public static partial void ReadFailuresSummary(ILogger logger, int count, long seconds, string source, string series, string reason, Exception? exception);
}
