using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OtelKpi.Internal;

/// <summary>
/// <c>http.server.request.duration</c>, recorded by OtelKpi's middleware instead of ASP.NET Core's hosting layer.
/// Once anything listens to ASP.NET Core's instruments, every request pays for its timing, its seven tags (of which the
/// contract keeps four, so OpenTelemetry filters them again) and its look-ups in <c>HttpContext.Items</c>; here a
/// request is timed once and recorded with the contract's tags only. What the hosting layer would record is kept:
/// the method as <see cref="HttpMethodName"/>, the route of the endpoint's <see cref="IRouteDiagnosticsMetadata"/>
/// (the root's empty template as <c>/</c>), the status code, 500 and the exception's type for an exception still on
/// its way out, nothing for <c>DisableHttpMetrics</c> endpoints or <see cref="IHttpMetricsTagsFeature.MetricsDisabled"/>.
/// On top of it, what would make the KPIs untrue: the endpoint the request first matched after an error page
/// (<see cref="ReExecutedRequest"/>), no record of long-lived sessions and health checks (<see cref="UncountedRequest"/>),
/// <c>error.type</c> on server errors only (<see cref="ErrorTypeTag"/>).
/// </summary>
/// <remarks>
/// The instrument is created on ASP.NET Core's own <c>Microsoft.AspNetCore.Hosting</c> meter, as
/// <see cref="ActiveRequestCounter"/>'s is, so that its OTLP scope stays, under a name of its own
/// (<see cref="KpiInstrumentNames.OwnRequestDuration"/>) that <see cref="KpiStreamPolicy"/> exports as
/// <c>http.server.request.duration</c>: a user's view by that name then finds ASP.NET Core's instrument only, which the
/// policy otherwise drops, so it is never enabled.
/// </remarks>
internal sealed class RequestDurationRecorder
{
    internal const string Description = "Duration of HTTP server requests.";
    internal const string Unit = "s";

    private const string StatusCodeKey = "http.response.status_code";
    private const string RouteKey = "http.route";
    private const int BoxedStatusCodes = 600;

    private static readonly object?[] StatusCodeBoxes = new object?[BoxedStatusCodes];

    private readonly Histogram<double> histogram;

    public RequestDurationRecorder(IMeterFactory meterFactory)
    {
#pragma warning disable CA2000 // The factory owns its meters and disposes them with the host.
        var hostingMeter = meterFactory.Create(KpiInstrumentNames.HostingMeter);
#pragma warning restore CA2000
        this.histogram = hostingMeter.CreateHistogram<double>(KpiInstrumentNames.OwnRequestDuration, Unit, Description);
    }

    public Instrument Instrument => this.histogram;

    /// <summary>
    /// Records a request of the method <paramref name="method"/> (<see cref="HttpMethodName"/>'s index) that started
    /// at <paramref name="startTimestamp"/> and has left the application's pipeline, with <paramref name="propagating"/>
    /// if it left it by an exception.
    /// </summary>
    public void Record(HttpContext context, int method, long startTimestamp, Exception? propagating)
    {
        if (!this.histogram.Enabled)
        {
            return;
        }

        var metricsTags = context.Features.Get<IHttpMetricsTagsFeature>();
        if (metricsTags is { MetricsDisabled: true })
        {
            return;
        }

        var status = StatusCode(context, propagating);
        var endpoint = ReExecutedRequest.AttributedEndpoint(context, status);
        if (UncountedRequest.Is(context, endpoint) || endpoint?.Metadata.GetMetadata<IDisableHttpMetricsMetadata>() is not null)
        {
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
        var tagged = propagating is not null || status >= StatusCodes.Status500InternalServerError ? RequestMetricsTags.TaggedErrorType(metricsTags) : null;
        var errorType = ErrorTypeTag.For(context, status, tagged, propagating);
        var route = Route(endpoint);

        // In key order, the order OpenTelemetry keeps a series' tags in: found at the first look-up.
        var tags = default(TagList);
        if (errorType is not null)
        {
            tags.Add(ErrorTypeTag.Key, errorType);
        }

        tags.Add(HttpMethodName.Key, HttpMethodName.Name(method));
        tags.Add(StatusCodeKey, BoxedStatusCode(status));
        if (route is not null)
        {
            tags.Add(RouteKey, route);
        }

        this.histogram.Record(elapsed, in tags);
    }

    /// <summary>
    /// The status the client gets: Kestrel answers an exception that left the pipeline before the response started
    /// with a 500 (a <see cref="BadHttpRequestException"/> with its own status), unless the client has gone.
    /// </summary>
    private static int StatusCode(HttpContext context, Exception? propagating)
    {
        var response = context.Response;
        if (propagating is null || response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return response.StatusCode;
        }

        return propagating is BadHttpRequestException badRequest ? badRequest.StatusCode : StatusCodes.Status500InternalServerError;
    }

    /// <summary>The route template, the root's empty one as <c>/</c> (as ASP.NET Core 10 records it); none without one.</summary>
    private static string? Route(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<IRouteDiagnosticsMetadata>()?.Route is { } route
            ? (route.Length == 0 ? "/" : route)
            : null;

    /// <summary>The status code boxed once per value, not once per request.</summary>
    private static object BoxedStatusCode(int status)
    {
        if ((uint)status >= BoxedStatusCodes)
        {
            return status;
        }

        var box = StatusCodeBoxes[status];
        if (box is null)
        {
            box = status;
            StatusCodeBoxes[status] = box;
        }

        return box;
    }
}
