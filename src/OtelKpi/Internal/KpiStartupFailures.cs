using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OtelKpi.Internal;

/// <summary>
/// Makes a start-up failure caused by OtelKpi's configuration speak first and end cleanly. Each failure is logged
/// once (category <c>OtelKpi</c>, Critical) when it is found, which is before the host's own "Hosting failed to
/// start" report. If the failure then goes unhandled out of <c>app.Run()</c>, the process ends with
/// <see cref="ExitCode"/> (EX_CONFIG of sysexits.h) and one line on standard error instead of the runtime's
/// unhandled-exception dump and abort (exit code 134). Failures the application catches are left alone.
/// </summary>
internal sealed class KpiStartupFailures(ILoggerFactory? loggers, IEnumerable<ILoggerProvider>? providers = null)
{
    /// <summary>EX_CONFIG: "something was found in an unconfigured or misconfigured state".</summary>
    public const int ExitCode = 78;

    private static int exitArmed;
    private static IEnumerable<ILoggerProvider>? providersToFlush;
    private readonly ILogger logger = KpiLog.CreateLogger(loggers);
    private readonly HashSet<string> reported = [];

    /// <summary>Logs the failures not logged before (options are validated again on each access after a failure).</summary>
    public void Report(IEnumerable<string> failures)
    {
        lock (this.reported)
        {
            foreach (var failure in failures)
            {
                if (this.reported.Add(failure))
                {
                    KpiLog.InvalidConfiguration(this.logger, failure);
                    KpiEventSource.Log.InvalidConfiguration(failure);
                }
            }
        }

        this.ExitCleanlyWhenUnhandled();
    }

    /// <summary>Logs a failure that is not an option value's (a scrape port in use) and returns the exception to throw.</summary>
    public KpiStartupException ScrapePortUnavailable(string failure, Exception cause)
    {
        KpiLog.ScrapePortUnavailable(this.logger, failure, cause);
        KpiEventSource.Log.InvalidConfiguration(failure);
        this.ExitCleanlyWhenUnhandled();
        return new KpiStartupException(failure, cause);
    }

    internal static bool IsReportedFailure(Exception? exception) => exception switch
    {
        KpiStartupException => true,
        OptionsValidationException validation => validation.OptionsType == typeof(KpiTelemetryOptions),
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsReportedFailure),
        _ => false,
    };

    private void ExitCleanlyWhenUnhandled()
    {
        providersToFlush = providers;
        if (Interlocked.Exchange(ref exitArmed, 1) == 0)
        {
            AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
        }
    }

    private static void OnUnhandledException(object sender, UnhandledExceptionEventArgs e)
    {
        if (e.ExceptionObject is Exception exception && IsReportedFailure(exception))
        {
            // The console logger writes from a queue of its own; disposing its provider drains it, so the failure
            // logged above is printed before this last line. A failure thrown before app.Run() (by MapKpiMetrics,
            // say) leaves the host undisposed, and Native AOT reaches here before the queue has run.
            FlushLogs();
            Console.Error.WriteLine($"OtelKpi stopped start-up (exit code {ExitCode}): {FirstLine(exception)}");
            Environment.Exit(ExitCode);
        }
    }

    private static void FlushLogs()
    {
        try
        {
            foreach (var provider in providersToFlush ?? [])
            {
                provider.Dispose();
            }
        }
#pragma warning disable CA1031 // On the way out of a failed start: a logging provider that fails to dispose must not hide the failure.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Console.Error.WriteLine($"OtelKpi: the logs could not be flushed before exit: {e.Message}");
        }
    }

    private static string FirstLine(Exception exception)
    {
        var message = exception is AggregateException aggregate ? aggregate.InnerExceptions.First(IsReportedFailure).Message : exception.Message;
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end].TrimEnd();
    }
}
