using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OtelKpi.Manifests;

/// <summary>
/// Renders a rule template of rules/src into the rule file Prometheus loads. PromQL cannot take its
/// <c>by (...)</c> and <c>on (...)</c> label lists from a variable, so the templates name them with
/// placeholders that this class replaces from <see cref="PrometheusRuleSettings"/>:
/// <list type="bullet">
/// <item><c>${job}</c>: the labels of a job, <c>cluster, namespace, job</c> by default, for label lists;</item>
/// <item><c>${job_matchers}</c> and <c>${job_values}</c>: the same labels as a printf selector and its
/// arguments, for the <c>query</c> calls of annotation templates (<c>cluster=%q, namespace=%q, job=%q</c> and
/// <c>$labels.cluster $labels.namespace $labels.job</c>);</item>
/// <item><c>${runbook_url_base}</c>: where the runbooks are published.</item>
/// </list>
/// Any other <c>${...}</c> fails, so that a typo cannot reach a rule file.
/// </summary>
internal static partial class PrometheusRuleTemplate
{
    /// <summary>
    /// Renders <paramref name="template"/>. <paramref name="forScale"/> multiplies every <c>for:</c> duration; it is
    /// 1 for the shipped files and exists only for tests that deliver real alerts end to end in seconds (every
    /// window and threshold stays as shipped).
    /// </summary>
    public static string Render(string template, PrometheusRuleSettings settings, string templateName, double forScale = 1)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(settings);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["job"] = string.Join(", ", settings.JobLabels),
            ["job_matchers"] = string.Join(", ", settings.JobLabels.Select(l => l + "=%q")),
            ["job_values"] = string.Join(' ', settings.JobLabels.Select(l => "$labels." + l)),
            ["runbook_url_base"] = settings.RunbookUrlBase,
        };

        var rendered = Placeholder().Replace(template, match =>
            values.TryGetValue(match.Groups[1].Value, out var value)
                ? value
                : throw new InvalidDataException($"{templateName}: unknown placeholder {match.Value}; allowed: {string.Join(", ", values.Keys.Select(k => "${" + k + "}"))}."));
        if (forScale != 1)
        {
            rendered = ForLine().Replace(rendered, match => match.Groups[1].Value + Scaled(match.Groups[2].Value, forScale));
        }

        return Header(templateName, settings) + rendered;
    }

    private static string Header(string templateName, PrometheusRuleSettings settings) =>
        new StringBuilder(GeneratedManifests.Header)
            .Append("# Template: ").Append(templateName).Append("; topology labels (")
            .Append(PrometheusRuleSettings.SettingsFile).Append("): ")
            .Append(settings.TopologyLabels.Count == 0 ? "none" : string.Join(", ", settings.TopologyLabels))
            .Append('\n')
            .ToString();

    private static string Scaled(string duration, double scale)
    {
        var milliseconds = (long)Math.Round(Duration(duration).TotalMilliseconds * scale);
        return milliseconds % 1000 == 0
            ? (milliseconds / 1000).ToString(CultureInfo.InvariantCulture) + "s"
            : milliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
    }

    private static TimeSpan Duration(string text)
    {
        var total = TimeSpan.Zero;
        foreach (Match part in DurationPart().Matches(text))
        {
            var amount = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                "d" => TimeSpan.FromDays(amount),
                _ => throw new InvalidDataException($"'{text}' is not a duration a rule's for: may have."),
            };
        }

        return total;
    }

    [GeneratedRegex(@"\$\{([a-z_]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^(\s+for: )([0-9a-z]+)$", RegexOptions.Multiline)]
    private static partial Regex ForLine();

    [GeneratedRegex("([0-9]+)(ms|s|m|h|d)")]
    private static partial Regex DurationPart();
}
