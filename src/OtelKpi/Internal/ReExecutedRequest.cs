using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace OtelKpi.Internal;

/// <summary>
/// Error pages (<c>UseExceptionHandler(path)</c>, <c>UseStatusCodePagesWithReExecute</c>) run the request a second
/// time under the error page's endpoint, and ASP.NET Core's hosting layer records the endpoint a request ends with
/// (dotnet/aspnetcore#68551): every 500 would be credited to <c>/error</c>, every unmatched 404 would gain the error
/// page's route. This finds the endpoint the request first matched (none, for a request that matched none).
/// </summary>
internal static class ReExecutedRequest
{
    /// <summary>
    /// Where ASP.NET Core's middleware that re-execute a request keep the endpoint they cleared (the key its hosting
    /// layer reads too). Set only when a re-execution happened.
    /// </summary>
    internal const string OriginalEndpointKey = "__OriginalEndpoint";

    /// <summary>Set by the pipeline's end when no endpoint or middleware handled the request.</summary>
    internal const string RequestUnhandledKey = "__RequestUnhandled";

    /// <summary>The endpoint a request that ended with <paramref name="status"/> is credited to.</summary>
    public static Endpoint? AttributedEndpoint(HttpContext context, int status)
    {
        var current = context.GetEndpoint();
        var handled = context.Features.Get<IExceptionHandlerPathFeature>();
        if (status < StatusCodes.Status400BadRequest && handled is null)
        {
            // Neither error page ran: status code pages re-execute on 4xx and 5xx only, the exception handler leaves
            // its feature behind. Not looking at Items spares the request their dictionary.
            return current;
        }

        var items = context.Items;
        Endpoint? original = null;
        var reExecuted = false;
        if (items.TryGetValue(OriginalEndpointKey, out var stashed) && stashed is Endpoint endpoint)
        {
            original = endpoint;
            reExecuted = true;
        }
        else if (current is not null && items.ContainsKey(RequestUnhandledKey))
        {
            reExecuted = true; // matched nothing, yet ends at an endpoint: the error page's
        }

        // The exception handler knows the endpoint that threw even after a second re-execution (its error page
        // answering a bare 500 that status code pages then re-execute), and a null one when none had matched.
        if ((reExecuted || status >= StatusCodes.Status500InternalServerError) && handled is not null)
        {
            original = handled.Endpoint;
            reExecuted = true;
        }

        return reExecuted ? original : current;
    }
}
