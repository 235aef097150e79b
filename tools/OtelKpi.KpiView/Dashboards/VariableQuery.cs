using System.Text.RegularExpressions;

namespace OtelKpi.KpiView.Dashboards;

/// <summary>
/// A Prometheus variable query of the form Grafana calls "label values": <c>label_values(selector, label)</c>,
/// which Grafana answers with <c>GET /api/v1/label/&lt;label&gt;/values?match[]=selector</c>.
/// </summary>
/// <param name="Match">The series selector, or null for every series.</param>
/// <param name="Label">The label whose values are listed.</param>
internal sealed partial record VariableQuery(string? Match, string Label)
{
    /// <summary>Parses <paramref name="query"/>; fails for any other kind of variable query.</summary>
    public static VariableQuery Parse(string query)
    {
        var match = LabelValues().Match(query ?? "");
        if (!match.Success)
        {
            throw new FormatException($"Not a label_values(selector, label) query: {query}");
        }

        return new VariableQuery(match.Groups[1].Success ? match.Groups[1].Value.Trim() : null, match.Groups[2].Value);
    }

    // The same shape Grafana's Prometheus data source recognises.
    [GeneratedRegex(@"^label_values\((?:(.+),\s*)?([a-zA-Z_][a-zA-Z0-9_]*)\)\s*$")]
    private static partial Regex LabelValues();
}
