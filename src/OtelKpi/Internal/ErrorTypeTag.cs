using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using System.Globalization;

namespace OtelKpi.Internal;

/// <summary>
/// The <c>error.type</c> attribute as the metric contract says: the type of an exception still on its way out of
/// the pipeline (as ASP.NET Core's hosting layer records it); otherwise on server errors (5xx) only, the exception's
/// type whenever an exception caused one. ASP.NET Core's exception-handling middleware tag every exception they
/// catch, so a client error they answer (a Development-mode binding failure's 400) would carry one; and an exception
/// an <c>IExceptionHandler</c> handles is tagged with the bare status code. A 5xx answered without an exception
/// carries its status code, as the semantic conventions (and ASP.NET Core 11) have it.
/// </summary>
internal static class ErrorTypeTag
{
    internal const string Key = "error.type";

    private const int LastServerError = 599;

    /// <summary>The <c>error.type</c> of a 5xx answered without an exception: its status code, as text.</summary>
    private static readonly string[] ServerErrorCodes =
        [.. Enumerable.Range(StatusCodes.Status500InternalServerError, LastServerError - StatusCodes.Status500InternalServerError + 1).Select(code => code.ToString(CultureInfo.InvariantCulture))];

    /// <summary>
    /// The value for a request that ended with <paramref name="status"/>, <paramref name="tagged"/> being what
    /// ASP.NET Core's middleware or the application put in the request's metrics tags; null for none.
    /// </summary>
    public static object? For(HttpContext context, int status, object? tagged, Exception? propagating)
    {
        if (propagating is not null)
        {
            return tagged ?? propagating.GetType().FullName;
        }

        if (status < StatusCodes.Status500InternalServerError || status > LastServerError)
        {
            return null;
        }

        if (context.Features.Get<IExceptionHandlerFeature>()?.Error is not { } exception)
        {
            return tagged ?? ServerErrorCodes[status - StatusCodes.Status500InternalServerError];
        }

        return tagged is null || IsStatusCode(tagged, status) ? exception.GetType().FullName : tagged;
    }

    private static bool IsStatusCode(object? value, int status) =>
        value is string text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number == status;
}
