using System.Text.RegularExpressions;

namespace OtelKpi.KpiView.View;

/// <summary>Renders a Grafana legend template: <c>{{label}}</c> becomes the label's value, or nothing when absent.</summary>
internal static partial class LegendFormat
{
    /// <summary>The legend of a series with <paramref name="labels"/>.</summary>
    public static string Render(string format, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return Placeholder().Replace(format ?? "", m => labels.TryGetValue(m.Groups[1].Value, out var value) ? value : "").Trim();
    }

    [GeneratedRegex(@"\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}")]
    private static partial Regex Placeholder();
}
