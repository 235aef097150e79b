using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace OtelKpi.Internal;

/// <summary>
/// What a finished request is recorded as, decided just before ASP.NET Core's hosting layer records it:
/// under the endpoint where it happened (<see cref="ReExecutedRequest"/>), not at all when it is a long-lived
/// session or a health check (<see cref="UncountedRequest"/>), with <c>error.type</c> on server errors only
/// (<see cref="ErrorTypeTag"/>).
/// </summary>
internal static class RequestOutcome
{
    public static void Settle(HttpContext context, bool pipelineFailed)
    {
        if (context.Features.Get<IHttpMetricsTagsFeature>() is not { MetricsDisabled: false } metrics)
        {
            return; // nothing will be recorded
        }

        var endpoint = ReExecutedRequest.RestoreOriginalEndpoint(context);
        if (UncountedRequest.Is(context, endpoint))
        {
            metrics.MetricsDisabled = true;
        }
        else if (!pipelineFailed)
        {
            // An exception still on its way out is recorded by the hosting layer itself, as a 500 of its type.
            ErrorTypeTag.Settle(context, metrics.Tags);
        }
    }
}
