using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OtelKpi.Tests;

/// <summary>Collects what OtelKpi itself logs (its internal types and its extension classes), nothing else.</summary>
internal sealed class OtelKpiLogCapture(ConcurrentQueue<(LogLevel Level, string Message)> log) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(log, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<(LogLevel, string)> log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            category.StartsWith("OtelKpi.", StringComparison.Ordinal)
            || category.StartsWith("Microsoft.AspNetCore.Builder.KpiTelemetry", StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (this.IsEnabled(logLevel))
            {
                log.Enqueue((logLevel, formatter(state, exception)));
            }
        }
    }
}
