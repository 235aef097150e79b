using System.Globalization;
using System.Text.RegularExpressions;

namespace OtelKpi.Testing.PromQl;

/// <summary>
/// Makes a Grafana panel query parseable as PromQL the way grafana/dashboard-linter does before it parses:
/// template variables outside double-quoted strings (<c>[$__rate_interval]</c>) become sample durations;
/// inside strings (<c>job=~"$job"</c>) they stay as written. Each variable gets its own sample duration, so
/// that what stood in a range can be told afterwards.
/// </summary>
public static partial class GrafanaTemplate
{
    /// <summary>The query with every variable outside strings replaced, and the sample each one became.</summary>
    public static (string Text, IReadOnlyDictionary<string, string> Variables) Substitute(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var samples = new Dictionary<string, string>(StringComparer.Ordinal); // sample -> variable as written
        var parts = query.Split('"');
        for (var i = 0; i < parts.Length; i += 2) // the odd parts are inside double quotes
        {
            parts[i] = Variable().Replace(parts[i], m =>
            {
                var sample = samples.FirstOrDefault(s => s.Value == m.Value).Key
                    ?? string.Create(CultureInfo.InvariantCulture, $"{8869990787L + samples.Count}ms");
                samples[sample] = m.Value;
                return sample;
            });
        }

        return (string.Join('"', parts), samples);
    }

    // $name, ${name} (with an optional :format) and [[name]], the three forms Grafana substitutes.
    [GeneratedRegex(@"\$\w+|\$\{[^}]+\}|\[\[[^\[\]]+\]\]")]
    private static partial Regex Variable();
}
