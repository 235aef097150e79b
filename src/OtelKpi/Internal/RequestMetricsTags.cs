using Microsoft.AspNetCore.Http.Features;

namespace OtelKpi.Internal;

/// <summary>
/// ASP.NET Core's <see cref="IHttpMetricsTagsFeature"/> for a request its hosting layer does not record (it sets its
/// own only while its instruments are listened to, and OtelKpi keeps them off). It keeps working what users and
/// ASP.NET Core's middleware do with it: <c>MetricsDisabled = true</c> leaves the request out, and the exception
/// middleware's <c>error.type</c> tag names the exception of a 500 they answered.
/// </summary>
internal sealed class RequestMetricsTags : IHttpMetricsTagsFeature
{
    private List<KeyValuePair<string, object?>>? tags;

    public ICollection<KeyValuePair<string, object?>> Tags => this.tags ??= [];

    public bool MetricsDisabled { get; set; }

    /// <summary>The <c>error.type</c> someone tagged the request with, without creating the list.</summary>
    public static object? TaggedErrorType(IHttpMetricsTagsFeature? feature)
    {
        if (feature is null || (feature is RequestMetricsTags own && own.tags is not { Count: > 0 }))
        {
            return null;
        }

        foreach (var tag in feature.Tags)
        {
            if (tag.Key == ErrorTypeTag.Key)
            {
                return tag.Value;
            }
        }

        return null;
    }
}
