using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace OtelKpi.Internal;

/// <summary>
/// Puts <see cref="RequestMetricsMiddleware"/> at the very start of the application's pipeline, outside every
/// middleware of the application's own (exception handlers and status code pages among them), so that it times
/// each request from before everything else runs until everything else is done.
/// </summary>
internal sealed class RequestMetricsStartupFilter(IOptions<KpiTelemetryOptions> options, ActiveRequestCounter active, RequestDurationRecorder duration) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var excluded = ExcludedPaths(options.Value);
        app.Use(nextMiddleware => new RequestMetricsMiddleware(nextMiddleware, excluded, active, duration).InvokeAsync);
        next(app);
    };

    /// <summary>The scrape path and the configured (or default) excluded paths.</summary>
    internal static PathString[] ExcludedPaths(KpiTelemetryOptions options) =>
        [new PathString(options.Scrape.Path), .. (options.ExcludedPaths ?? [.. KpiTelemetryOptions.DefaultExcludedPaths]).Select(p => new PathString(p))];
}
