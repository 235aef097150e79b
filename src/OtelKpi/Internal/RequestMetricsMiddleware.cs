using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace OtelKpi.Internal;

/// <summary>
/// OtelKpi's own code on the request path. Before the application runs, it leaves the scrape path and the excluded
/// paths (health probes) out of the HTTP metrics. After the application has run, and before ASP.NET Core's hosting
/// layer records the request, <see cref="RequestOutcome"/> corrects what would make the KPIs untrue. While it runs,
/// the request is one of <see cref="ActiveRequestCounter"/>'s. A request that completes synchronously costs a few
/// field reads and two interlocked additions; one that completes later costs the continuation.
/// </summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, PathString[] excludedPaths, ActiveRequestCounter active)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (IsExcluded(context.Request.Path, excludedPaths))
        {
            if (context.Features.Get<IHttpMetricsTagsFeature>() is { } metrics)
            {
                metrics.MetricsDisabled = true;
            }

            return next(context);
        }

        var method = active.Enter(context.Request.Method);
        Task pipeline;
        try
        {
            pipeline = next(context);
        }
        catch
        {
            active.Exit(method);
            RequestOutcome.Settle(context, pipelineFailed: true);
            throw;
        }

        if (pipeline.IsCompletedSuccessfully)
        {
            active.Exit(method);
            RequestOutcome.Settle(context, pipelineFailed: false);
            return Task.CompletedTask;
        }

        return this.SettleWhenDoneAsync(pipeline, context, method);
    }

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

    private async Task SettleWhenDoneAsync(Task pipeline, HttpContext context, int method)
    {
        var failed = true;
        try
        {
            await pipeline.ConfigureAwait(false);
            failed = false;
        }
        finally
        {
            active.Exit(method);
            RequestOutcome.Settle(context, failed);
        }
    }
}
