using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OtelKpi.Tests;

/// <summary>One entry OtelKpi logged.</summary>
internal sealed record KpiLogEntry(string Category, EventId EventId, LogLevel Level, string Message);

/// <summary>Collects what OtelKpi itself logs (its <c>OtelKpi</c> category and the container package's), nothing else.</summary>
internal sealed class OtelKpiLogCapture(Action<KpiLogEntry> record) : ILoggerProvider
{
    public OtelKpiLogCapture(ConcurrentQueue<(LogLevel Level, string Message)> log)
        : this(entry => log.Enqueue((entry.Level, entry.Message)))
    {
    }

    public OtelKpiLogCapture(ConcurrentQueue<KpiLogEntry> log)
        : this(log.Enqueue)
    {
    }

    public ILogger CreateLogger(string categoryName) => new Logger(record, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(Action<KpiLogEntry> record, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            category == "OtelKpi" || category.StartsWith("OtelKpi.", StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (this.IsEnabled(logLevel))
            {
                record(new KpiLogEntry(category, eventId, logLevel, formatter(state, exception)));
            }
        }
    }
}
