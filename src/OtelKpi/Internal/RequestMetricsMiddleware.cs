using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using System.Diagnostics;

namespace OtelKpi.Internal;

/// <summary>
/// OtelKpi's own code on the request path, the outermost middleware of the application's pipeline. It leaves the
/// scrape path and the excluded paths (health probes) out of the HTTP metrics; for every other request it times the
/// pipeline, counts the request as active while it runs (<see cref="ActiveRequestCounter"/>) and records it once it is
/// done (<see cref="RequestDurationRecorder"/>). A request that completes synchronously costs two timestamps, two
/// interlocked additions and the record; one that completes later costs the continuation as well.
/// </summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, PathString[] excludedPaths, ActiveRequestCounter active, RequestDurationRecorder duration)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (IsExcluded(context.Request.Path, excludedPaths))
        {
            return next(context);
        }

        var start = Stopwatch.GetTimestamp();
        var features = context.Features;
        if (features.Get<IHttpMetricsTagsFeature>() is null)
        {
            // The hosting layer sets its own only while its instruments are listened to (by another listener than OtelKpi).
            features.Set<IHttpMetricsTagsFeature>(new RequestMetricsTags());
        }

        var method = active.Enter(context.Request.Method);
        Task pipeline;
        try
        {
            pipeline = next(context);
        }
        catch (Exception exception)
        {
            active.Exit(method);
            duration.Record(context, method, start, exception);
            throw;
        }

        if (pipeline.IsCompletedSuccessfully)
        {
            active.Exit(method);
            duration.Record(context, method, start, propagating: null);
            return Task.CompletedTask;
        }

        return this.RecordWhenDoneAsync(pipeline, context, method, start);
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

    private async Task RecordWhenDoneAsync(Task pipeline, HttpContext context, int method, long start)
    {
        Exception? propagating = null;
        try
        {
            await pipeline.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            propagating = exception;
            throw;
        }
        finally
        {
            active.Exit(method);
            duration.Record(context, method, start, propagating);
        }
    }
}
