using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace OtelKpi.Internal;

/// <summary>
/// Puts, at the very start of the pipeline, a check that turns HTTP metrics off for the scrape
/// path and the configured excluded paths (health probes), so they never appear in request rate,
/// latency or error ratio.
/// </summary>
internal sealed class ExcludedPathsStartupFilter(IOptions<KpiTelemetryOptions> options) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var excluded = ExcludedPaths(options.Value);
        app.Use((context, nextMiddleware) =>
        {
            if (IsExcluded(context.Request.Path, excluded) && context.Features.Get<IHttpMetricsTagsFeature>() is { } metrics)
            {
                metrics.MetricsDisabled = true;
            }

            return nextMiddleware(context);
        });
        next(app);
    };

    internal static PathString[] ExcludedPaths(KpiTelemetryOptions options) =>
        [new PathString(options.Scrape.Path), .. (options.ExcludedPaths ?? [.. KpiTelemetryOptions.DefaultExcludedPaths]).Select(p => new PathString(p))];

    internal static bool IsExcluded(PathString path, PathString[] excluded)
    {
        foreach (var prefix in excluded)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
