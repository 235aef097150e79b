using System.Text;
using System.Text.RegularExpressions;

namespace OtelKpi.KpiView.Dashboards;

/// <summary>
/// Substitutes Grafana template variables in a PromQL expression the way Grafana's Prometheus data source does:
/// a variable that is multi-valued or offers "All" becomes a regex (each value regex-escaped, several joined as
/// <c>(a|b)</c>, "All" becoming the custom all value when there is one); any other variable is inserted with
/// backslashes and single quotes escaped. Built-ins such as <c>$__rate_interval</c> are given as plain text.
/// An unknown variable is an error, so that a typo cannot silently reach Prometheus.
/// </summary>
internal static partial class QueryTemplate
{
    /// <summary>Expands <paramref name="expression"/>.</summary>
    /// <param name="expression">PromQL with <c>$name</c>, <c>${name}</c> or <c>[[name]]</c> references.</param>
    /// <param name="variables">The dashboard's variables.</param>
    /// <param name="selections">What is selected in each of them, by name.</param>
    /// <param name="builtIns">Values of built-in variables, by name without the <c>$</c> (e.g. <c>__rate_interval</c> → <c>1m</c>).</param>
    public static string Expand(
        string expression,
        IReadOnlyList<DashboardVariable> variables,
        IReadOnlyDictionary<string, VariableSelection> selections,
        IReadOnlyDictionary<string, string> builtIns)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(selections);
        ArgumentNullException.ThrowIfNull(builtIns);
        return Reference().Replace(expression, match =>
        {
            var name = match.Groups["plain"].Success ? match.Groups["plain"].Value
                : match.Groups["braced"].Success ? match.Groups["braced"].Value
                : match.Groups["bracketed"].Value;
            if (builtIns.TryGetValue(name, out var builtIn))
            {
                return builtIn;
            }

            var variable = variables.FirstOrDefault(v => v.Name == name)
                ?? throw new ArgumentException($"The expression references ${name}, which the dashboard does not define: {expression}", nameof(expression));
            if (!selections.TryGetValue(name, out var selection))
            {
                throw new ArgumentException($"No selection given for ${name}.", nameof(selections));
            }

            return Format(variable, selection);
        });
    }

    /// <summary>The text Grafana substitutes for <paramref name="variable"/> with <paramref name="selection"/>.</summary>
    public static string Format(DashboardVariable variable, VariableSelection selection)
    {
        ArgumentNullException.ThrowIfNull(variable);
        ArgumentNullException.ThrowIfNull(selection);
        if (!variable.Multi && !variable.IncludeAll)
        {
            return RegularEscape(selection.Values.Single());
        }

        if (selection.IsAll && variable.AllValue is { Length: > 0 } allValue)
        {
            return allValue;
        }

        var escaped = selection.Values.Select(RegexEscape).ToList();
        return escaped.Count == 1 ? escaped[0] : "(" + string.Join('|', escaped) + ")";
    }

    /// <summary>Escapes a value for a regex matcher inside a double-quoted PromQL string.</summary>
    public static string RegexEscape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var result = new StringBuilder(value.Length * 2);
        foreach (var c in value)
        {
            if (c == '\\')
            {
                result.Append(@"\\\\");
            }
            else if ("$^*{}[]+?.()|".Contains(c, StringComparison.Ordinal))
            {
                result.Append(@"\\").Append(c);
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    private static string RegularEscape(string value) =>
        value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("'", @"\\'", StringComparison.Ordinal);

    [GeneratedRegex(@"\$(?<plain>\w+)|\$\{(?<braced>\w+)\}|\[\[(?<bracketed>\w+)\]\]")]
    private static partial Regex Reference();
}
