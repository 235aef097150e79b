using Microsoft.AspNetCore.Http;

namespace OtelKpi.Internal;

/// <summary>
/// The <c>http.request.method</c> values of the metric contract: a standard method in upper case, whatever case the
/// client sent, or <c>_OTHER</c>, as ASP.NET Core's hosting metrics record them (so invented methods cannot create
/// series). Each has an index, so a counter can keep one cell per value.
/// </summary>
internal static class HttpMethodName
{
    internal const string Other = "_OTHER";

    /// <summary>The attribute's name.</summary>
    internal const string Key = "http.request.method";

    private static readonly string[] Names =
    [
        HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Head, HttpMethods.Options,
        HttpMethods.Patch, HttpMethods.Trace, HttpMethods.Connect, Other,
    ];

    private static readonly KeyValuePair<string, object?>[][] Tags =
        [.. Names.Select(name => new[] { new KeyValuePair<string, object?>(Key, name) })];

    /// <summary>The number of values, <c>_OTHER</c> included.</summary>
    public static int Count => Names.Length;

    /// <summary>The index of <paramref name="method"/>'s value.</summary>
    public static int IndexOf(string method)
    {
        // Kestrel hands out the interned constants for the standard methods, so the reference check finds them.
        for (var i = 0; i < Names.Length - 1; i++)
        {
            if (ReferenceEquals(method, Names[i]))
            {
                return i;
            }
        }

        for (var i = 0; i < Names.Length - 1; i++)
        {
            if (string.Equals(method, Names[i], StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return Names.Length - 1;
    }

    /// <summary>The value at <paramref name="index"/>.</summary>
    public static string Name(int index) => Names[index];

    /// <summary>The tag list of the value at <paramref name="index"/>.</summary>
    public static ReadOnlySpan<KeyValuePair<string, object?>> Tag(int index) => Tags[index];
}
