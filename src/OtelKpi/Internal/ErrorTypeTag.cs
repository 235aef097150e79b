using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using System.Globalization;

namespace OtelKpi.Internal;

/// <summary>
/// Keeps the <c>error.type</c> attribute to what the metric contract says: on server errors (5xx) only, and the
/// exception's type whenever an exception caused one. ASP.NET Core's exception-handling middleware tag every
/// exception they catch, so a client error they answer (a Development-mode binding failure's 400) would carry one;
/// and an exception an <c>IExceptionHandler</c> handles is tagged with the bare status code. ASP.NET Core 10 tags
/// nothing on a 5xx answered without an exception: this puts the status code there, as the semantic conventions
/// (and ASP.NET Core 11) do.
/// </summary>
internal static class ErrorTypeTag
{
    internal const string Key = "error.type";

    private const int LastServerError = 599;

    /// <summary>The <c>error.type</c> of a 5xx answered without an exception: its status code, as text.</summary>
    private static readonly string[] ServerErrorCodes =
        [.. Enumerable.Range(StatusCodes.Status500InternalServerError, LastServerError - StatusCodes.Status500InternalServerError + 1).Select(code => code.ToString(CultureInfo.InvariantCulture))];

    public static void Settle(HttpContext context, ICollection<KeyValuePair<string, object?>> tags)
    {
        var status = context.Response.StatusCode;
        if (status < StatusCodes.Status500InternalServerError || status > LastServerError)
        {
            if (tags.Count > 0 && Find(tags) is { } clientError)
            {
                tags.Remove(clientError);
            }

            return;
        }

        var existing = Find(tags);
        if (context.Features.Get<IExceptionHandlerFeature>()?.Error is not { } exception)
        {
            if (existing is null)
            {
                tags.Add(new(Key, ServerErrorCodes[status - StatusCodes.Status500InternalServerError]));
            }

            return;
        }

        if (existing is null || IsStatusCode(existing.Value.Value, status))
        {
            if (existing is { } statusCodeTag)
            {
                tags.Remove(statusCodeTag);
            }

            tags.Add(new(Key, exception.GetType().FullName));
        }
    }

    private static bool IsStatusCode(object? value, int status) =>
        value is string text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number == status;

    private static KeyValuePair<string, object?>? Find(ICollection<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == Key)
            {
                return tag;
            }
        }

        return null;
    }
}
