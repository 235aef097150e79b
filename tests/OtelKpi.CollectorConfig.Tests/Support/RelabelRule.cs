using System.Text.RegularExpressions;

namespace OtelKpi.CollectorConfig.Tests.Support;

/// <summary>
/// One Prometheus relabelling rule with Prometheus' semantics for the actions OtelKpi uses (replace, keep,
/// drop, labeldrop, labelkeep): source values joined by the separator, the regex anchored at both ends,
/// replacement with $n / ${n} groups, a replace that does not match leaves the labels unchanged.
/// Reads both the snake_case of scrape configs and the camelCase of Prometheus Operator monitors.
/// </summary>
internal sealed record RelabelRule(
    IReadOnlyList<string> SourceLabels,
    string Separator,
    string Regex,
    string? TargetLabel,
    string Replacement,
    string Action)
{
    /// <summary>Reads a rule from a scrape config (<c>source_labels</c>) or a monitor (<c>sourceLabels</c>).</summary>
    public static RelabelRule From(Dictionary<string, object?> rule)
    {
        var known = new HashSet<string>(StringComparer.Ordinal)
        {
            "source_labels", "sourceLabels", "separator", "regex", "target_label", "targetLabel", "replacement", "action",
        };
        var unknown = rule.Keys.Where(k => !known.Contains(k)).ToList();
        Assert.True(unknown.Count == 0, $"Relabel fields this simulation does not model: {string.Join(", ", unknown)}");

        var action = (YamlTree.Scalar(rule, "action") ?? "replace").ToLowerInvariant();
        Assert.Contains(action, new[] { "replace", "keep", "drop", "labeldrop", "labelkeep" });
        var sources = YamlTree.Strings(rule, "source_labels").Concat(YamlTree.Strings(rule, "sourceLabels")).ToList();
        return new RelabelRule(
            sources,
            YamlTree.Scalar(rule, "separator") ?? ";",
            YamlTree.Scalar(rule, "regex") ?? "(.*)",
            YamlTree.Scalar(rule, "target_label") ?? YamlTree.Scalar(rule, "targetLabel"),
            YamlTree.Scalar(rule, "replacement") ?? "$1",
            action);
    }

    /// <summary>Applies the rule; returns null when the target is dropped.</summary>
    public Dictionary<string, string>? Apply(Dictionary<string, string> labels)
    {
        var regex = new Regex("^(?:" + this.Regex + ")$", RegexOptions.CultureInvariant);
        var value = string.Join(this.Separator, this.SourceLabels.Select(l => labels.TryGetValue(l, out var v) ? v : string.Empty));
        switch (this.Action)
        {
            case "keep":
                return regex.IsMatch(value) ? labels : null;
            case "drop":
                return regex.IsMatch(value) ? null : labels;
            case "labeldrop":
                return labels.Where(l => !regex.IsMatch(l.Key)).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
            case "labelkeep":
                return labels.Where(l => regex.IsMatch(l.Key)).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
            default:
                var match = regex.Match(value);
                if (!match.Success || this.TargetLabel is null)
                {
                    return labels;
                }

                var result = new Dictionary<string, string>(labels, StringComparer.Ordinal);
                var replaced = ExpandGroups(this.Replacement, match);
                if (replaced.Length == 0)
                {
                    result.Remove(this.TargetLabel);
                }
                else
                {
                    result[this.TargetLabel] = replaced;
                }

                return result;
        }
    }

    /// <summary>Runs rules in order; null when a rule drops the target.</summary>
    public static Dictionary<string, string>? ApplyAll(IEnumerable<RelabelRule> rules, Dictionary<string, string> labels)
    {
        Dictionary<string, string>? current = labels;
        foreach (var rule in rules)
        {
            current = rule.Apply(current);
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    private static string ExpandGroups(string replacement, Match match) =>
        System.Text.RegularExpressions.Regex.Replace(
            replacement,
            @"\$\{(\d+)\}|\$(\d+)",
            m => match.Groups[int.Parse(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)].Value);
}
