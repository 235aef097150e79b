using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OtelKpi.Testing.PromQl;

namespace OtelKpi.Dashboards.Tests.Lint.Linter;

/// <summary>
/// The rules of grafana/dashboard-linter (lint/rules.go, NewRuleSet: 17 rules), ported from its source so that
/// the test command holds the shipped dashboards to them. PromQL is parsed with the Prometheus project's grammar
/// (<see cref="PromQlSyntax"/>) after the linter's own variable expansion (<see cref="GrafanaTemplate"/>). Where
/// the linter's behaviour is odd it is kept, and said so, so that "passes this port" means "passes the linter".
/// </summary>
internal static partial class DashboardLinter
{
    /// <summary>Every rule name, in the linter's order.</summary>
    public static IReadOnlyList<string> RuleNames { get; } =
    [
        "template-datasource-rule", "template-job-rule", "template-instance-rule", "template-label-promql-rule",
        "template-on-time-change-reload-rule", "panel-datasource-rule", "panel-title-description-rule", "panel-units-rule",
        "panel-no-targets-rule", "target-logql-rule", "target-logql-auto-rule", "target-promql-rule", "target-rate-interval-rule",
        "target-job-rule", "target-instance-rule", "target-counter-agg-rule", "uneditable-dashboard",
    ];

    // Panel types each rule looks at (lint/constants.go and the rules' switch statements).
    private static readonly HashSet<string> DatasourcePanels = ["singlestat", "graph", "table", "timeseries"];
    private static readonly HashSet<string> DescribedPanels = ["stat", "singlestat", "graph", "table", "timeseries", "gauge"];
    private static readonly HashSet<string> QueryPanels = ["singlestat", "gauge", "table", "stat", "state-timeline", "timeseries"];
    private static readonly HashSet<string> TemplateFunctions = ["label_names", "label_values", "metrics", "query_result"];
    private const string RateInterval = "$__rate_interval";

    /// <summary>Runs every rule on <paramref name="dashboard"/>.</summary>
    public static IReadOnlyList<LintFinding> Lint(JsonObject dashboard)
    {
        var d = new LintedDashboard(dashboard);
        var findings = new List<LintFinding>();
        TemplateDatasource(d, findings);
        if (d.IsPrometheus)
        {
            TemplateVariable(d, "job", findings);
            TemplateVariable(d, "instance", findings);
            TemplateLabelPromQl(d, findings);
        }

        TemplateOnTimeRangeReload(d, findings);
        foreach (var panel in d.Panels)
        {
            PanelDatasource(d, panel, findings);
            PanelTitleDescription(d, panel, findings);
            PanelUnits(d, panel, findings);
            PanelNoTargets(d, panel, findings);
            for (var index = 0; index < (panel.Targets?.Count ?? 0); index++)
            {
                Target(d, panel, index, findings);
            }
        }

        if ((bool?)dashboard["editable"] == true)
        {
            findings.Add(new("uneditable-dashboard", LintSeverity.Error, d.Title, null, null, "is editable, it should be set to 'editable: false'"));
        }

        return findings;
    }

    /// <summary>Parses a panel or variable query as the linter does: variables outside strings expanded first.</summary>
    public static (PromQlSyntaxNode Tree, IReadOnlyDictionary<string, string> Variables) ParsePromQl(string expression)
    {
        var (text, variables) = GrafanaTemplate.Substitute(expression);
        return (PromQlSyntax.Parse(text), variables);
    }

    private static void TemplateDatasource(LintedDashboard d, List<LintFinding> findings)
    {
        const string rule = "template-datasource-rule";
        var datasources = d.Templates.Where(t => string.Equals((string?)t["type"], "datasource", StringComparison.OrdinalIgnoreCase)).ToList();
        if (datasources.Count == 0)
        {
            findings.Add(new(rule, LintSeverity.Error, d.Title, null, null, "does not have a templated data source"));
        }

        foreach (var template in datasources)
        {
            var query = LintedDashboard.Query(template);
            var names = new List<string> { query.ToLowerInvariant() + "_datasource" };
            var labels = new List<string> { CultureInfo.GetCultureInfo("en").TextInfo.ToTitleCase(query) + " data source" };
            if (datasources.Count == 1)
            {
                names.Add("datasource");
                labels.Add("Data source");
            }

            if (!names.Contains((string?)template["name"] ?? ""))
            {
                findings.Add(new(rule, LintSeverity.Error, d.Title, null, null, $"templated data source variable named '{template["name"]}', should be named {string.Join(" or ", names)}"));
            }

            if (!labels.Contains((string?)template["label"] ?? ""))
            {
                findings.Add(new(rule, LintSeverity.Warning, d.Title, null, null, $"templated data source variable labeled '{template["label"]}', should be labeled {string.Join(" or ", labels)}"));
            }
        }
    }

    // template-job-rule and template-instance-rule (checkTemplate in rule_template_job.go).
    private static void TemplateVariable(LintedDashboard d, string name, List<LintFinding> findings)
    {
        var rule = $"template-{name}-rule";
        void Add(LintSeverity severity, string message) => findings.Add(new(rule, severity, d.Title, null, null, message));
        var template = d.Templates.FirstOrDefault(t => (string?)t["name"] == name);
        if (template is null)
        {
            Add(LintSeverity.Error, $"is missing the {name} template");
            return;
        }

        var uid = LintedDashboard.DatasourceUid(template["datasource"]);
        if (uid is not ("$datasource" or "${datasource}" or "$prometheus_datasource" or "${prometheus_datasource}"))
        {
            Add(LintSeverity.Error, $"{name} template should use datasource '$datasource', is currently '{uid}'");
        }

        if ((string?)template["type"] != "query")
        {
            Add(LintSeverity.Error, $"{name} template should be a Prometheus query, is currently '{template["type"]}'");
        }

        var label = char.ToUpperInvariant(name[0]) + name[1..];
        if ((string?)template["label"] != label)
        {
            Add(LintSeverity.Warning, $"{name} template should be a labeled '{label}', is currently '{template["label"]}'");
        }

        if ((bool?)template["multi"] != true)
        {
            Add(LintSeverity.Error, $"{name} template should be a multi select");
        }

        if ((string?)template["allValue"] != ".+")
        {
            Add(LintSeverity.Error, $"{name} template allValue should be '.+', is currently '{template["allValue"]}'");
        }
    }

    private static void TemplateLabelPromQl(LintedDashboard d, List<LintFinding> findings)
    {
        foreach (var template in d.Templates.Where(t => (string?)t["type"] == "query"))
        {
            var query = LintedDashboard.Query(template);
            var call = TemplatedLabel().Match(query);
            string? problem = null;
            if (!call.Success)
            {
                problem = $"invalid 'query': {query}";
            }
            else if (!TemplateFunctions.Contains(call.Groups[1].Value))
            {
                problem = $"invalid 'function': {call.Groups[1].Value}";
            }
            else
            {
                problem = ParsesLikeTheLinter(call.Groups[2].Value);
            }

            if (problem is not null)
            {
                findings.Add(new("template-label-promql-rule", LintSeverity.Error, d.Title, null, null, $"template '{template["name"]}' invalid templated label '{query}': {problem}"));
            }
        }
    }

    // The linter hands everything between the call's outer parentheses ("metric{...}, label") to Prometheus'
    // parser and accepts the query when the parser returned an expression, which it does for the part before
    // the label argument's comma. So: the whole argument text parses, or the part before the first syntax error.
    private static string? ParsesLikeTheLinter(string arguments)
    {
        try
        {
            _ = ParsePromQl(arguments);
            return null;
        }
        catch (FormatException whole)
        {
            var at = SyntaxErrorAt().Match(whole.Message) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            var prefix = arguments[..Math.Min(at, arguments.Length)].TrimEnd();
            try
            {
                if (prefix.Length > 0)
                {
                    _ = ParsePromQl(prefix);
                    return null;
                }
            }
            catch (FormatException)
            {
                // falls through to the error of the whole text
            }

            return whole.Message;
        }
    }

    private static void TemplateOnTimeRangeReload(LintedDashboard d, List<LintFinding> findings)
    {
        foreach (var template in d.Templates.Where(t => (string?)t["type"] == "query"))
        {
            var refresh = template["refresh"] is JsonValue v && v.TryGetValue<int>(out var r) ? r : 0;
            if (refresh != 2)
            {
                findings.Add(new("template-on-time-change-reload-rule", LintSeverity.Error, d.Title, null, null,
                    $"templated datasource variable named '{template["name"]}', should be set to be refreshed 'On Time Range Change (value 2)', is currently '{refresh}'"));
            }
        }
    }

    private static void PanelDatasource(LintedDashboard d, LintedPanel panel, List<LintFinding> findings)
    {
        if (!DatasourcePanels.Contains(panel.Type))
        {
            return;
        }

        var allowed = d.Templates.Where(t => string.Equals((string?)t["type"], "datasource", StringComparison.OrdinalIgnoreCase))
            .SelectMany(t => new[] { $"${t["name"]}", $"${{{t["name"]}}}" })
            .ToHashSet();
        var uid = LintedDashboard.DatasourceUid(panel.Json["datasource"]);
        if (!allowed.Contains(uid))
        {
            findings.Add(new("panel-datasource-rule", LintSeverity.Error, d.Title, panel.Title, null, $"does not use a templated datasource, uses '{uid}'"));
        }
    }

    private static void PanelTitleDescription(LintedDashboard d, LintedPanel panel, List<LintFinding> findings)
    {
        if (DescribedPanels.Contains(panel.Type) && (panel.Title.Length == 0 || string.IsNullOrEmpty((string?)panel.Json["description"])))
        {
            findings.Add(new("panel-title-description-rule", LintSeverity.Error, d.Title, panel.Title, null, "has missing title or description"));
        }
    }

    private static void PanelUnits(LintedDashboard d, LintedPanel panel, List<LintFinding> findings)
    {
        if (!DescribedPanels.Contains(panel.Type))
        {
            return;
        }

        // Stat panels showing non-numeric fields, and panels with value mappings, are not checked (the linter's own exceptions).
        if (panel.Type == "stat" && !string.IsNullOrEmpty((string?)panel.Json["options"]?["reduceOptions"]?["fields"]))
        {
            return;
        }

        var overrides = panel.Json["fieldConfig"]?["overrides"]?.AsArray().SelectMany(o => o?["properties"]?.AsArray() ?? []).ToList() ?? [];
        if (overrides.Any(p => (string?)p!["id"] == "mappings" && p["value"] is not null) || panel.Json["fieldConfig"]?["defaults"]?["mappings"] is not null)
        {
            return;
        }

        // A unit set by an override wins over the default unit (the last such override, as in getConfiguredUnit).
        var unit = overrides.LastOrDefault(p => (string?)p!["id"] == "unit") is { } o ? (string?)o["value"] ?? "" : "";
        if (unit.Length == 0)
        {
            unit = (string?)panel.Json["fieldConfig"]?["defaults"]?["unit"] ?? "";
        }

        if (!GrafanaUnits.Valid.Contains(unit))
        {
            findings.Add(new("panel-units-rule", LintSeverity.Error, d.Title, panel.Title, null, $"has no or invalid units defined: '{unit}'"));
        }
    }

    private static void PanelNoTargets(LintedDashboard d, LintedPanel panel, List<LintFinding> findings)
    {
        if (DescribedPanels.Contains(panel.Type) && panel.Targets is null)
        {
            findings.Add(new("panel-no-targets-rule", LintSeverity.Error, d.Title, panel.Title, null, "has no targets"));
        }
    }

    private static void Target(LintedDashboard d, LintedPanel panel, int index, List<LintFinding> findings)
    {
        var target = panel.Targets![index];
        void Add(string rule, string message) => findings.Add(new(rule, LintSeverity.Error, d.Title, panel.Title, index, message));
        var expr = (string?)target["expr"] ?? "";

        // target-logql-rule and target-logql-auto-rule look only at Loki targets (the dashboard's data source
        // variable, or the target's own reference, of type loki).
        var loki = (d.DatasourceTemplate is { } ds && LintedDashboard.Query(ds) == "loki") || (string?)target["datasource"]?["type"] == "loki";
        if (loki && (bool?)target["hide"] != true && QueryPanels.Contains(panel.Type))
        {
            Add("target-logql-rule", "is a Loki query; this port checks Prometheus dashboards only");
        }

        // The PromQL rules need the templated Prometheus data source (a separate rule reports its absence).
        if (!d.IsPrometheus)
        {
            return;
        }

        PromQlSyntaxNode tree;
        IReadOnlyDictionary<string, string> variables;
        try
        {
            (tree, variables) = ParsePromQl(expr);
        }
        catch (FormatException e)
        {
            if (QueryPanels.Contains(panel.Type))
            {
                Add("target-promql-rule", $"invalid PromQL query '{expr}': {e.Message}");
            }

            return; // the other rules skip invalid PromQL
        }

        if (QueryPanels.Contains(panel.Type))
        {
            RateIntervalIsUsed(tree, variables, expr, message => Add("target-rate-interval-rule", message));
        }

        foreach (var selector in tree.Descendants().Where(n => n.Type == "VectorSelector"))
        {
            var matchers = PromQlSelectorSyntax.Matchers(selector);
            foreach (var label in new[] { "job", "instance" })
            {
                if (MissingMatcher(matchers, label) is { } problem)
                {
                    Add($"target-{label}-rule", $"invalid PromQL query '{expr}': {problem}");
                }
            }

            if (IsUnaggregatedCounter(selector, matchers))
            {
                Add("target-counter-agg-rule", $"counter metric '{selector.Text}' is not aggregated with rate, irate, or increase");
            }
        }
    }

    private static void RateIntervalIsUsed(PromQlSyntaxNode tree, IReadOnlyDictionary<string, string> variables, string expr, Action<string> add)
    {
        foreach (var matrix in tree.Descendants().Where(n => n.Type == "MatrixSelector"))
        {
            var range = matrix.Child("DurationExpr")?.Text ?? "";
            if (variables.TryGetValue(range, out var variable) && variable is RateInterval or "${__rate_interval}")
            {
                continue;
            }

            var parent = ExpressionParents(matrix).FirstOrDefault();
            if (parent is null)
            {
                continue; // a bare foo[...] is allowed
            }

            if (parent.Type != "FunctionCall")
            {
                add($"invalid PromQL query '{expr}': $__rate_interval used in non-rate function");
            }
            else if (FunctionName(parent) is "rate" or "irate")
            {
                add($"invalid PromQL query '{expr}': should use $__rate_interval");
            }
        }
    }

    // checkForMatcher in target_utils.go: a matcher label=~"$label" must exist.
    private static string? MissingMatcher(IReadOnlyList<PromQlMatcher> matchers, string label)
    {
        var problem = $"{label} selector not found";
        foreach (var matcher in matchers.Where(m => m.Label == label))
        {
            if (matcher is { Operator: "=~" } && matcher.Value == "$" + label)
            {
                return null;
            }

            problem = matcher.Operator != "=~" ? $"{label} selector is {matcher.Operator}, not =~" : $"{label} selector is {matcher.Value}, not ${label}";
        }

        return problem;
    }

    // The linter tests the selector's printed form (name, matchers, offset) for the "_total" suffix, so only a
    // selector without label matchers or offset can be caught; it must then be the range of a rate, irate or
    // increase. Kept as the linter has it; QueryConventionTests holds every counter to rate() regardless of matchers.
    private static bool IsUnaggregatedCounter(PromQlSyntaxNode selector, IReadOnlyList<PromQlMatcher> matchers)
    {
        var name = PromQlSelectorSyntax.MetricName(selector);
        var printedAsName = matchers.Count == 0 && !ExpressionParents(selector).Take(2).Any(p => p.Type is "OffsetExpr" or "AtModifierExpr");
        if (name is null || !printedAsName || !name.EndsWith("_total", StringComparison.Ordinal))
        {
            return false;
        }

        var parents = ExpressionParents(selector).Take(2).ToList();
        return !(parents is [{ Type: "MatrixSelector" }, { Type: "FunctionCall" } call] && FunctionName(call) is "rate" or "irate" or "increase");
    }

    // The enclosing nodes that are expressions in Prometheus' own syntax tree, innermost first: the grammar's
    // FunctionCallBody, modifiers and root are not.
    private static IEnumerable<PromQlSyntaxNode> ExpressionParents(PromQlSyntaxNode node) =>
        node.Ancestors().Where(a => a.Type is not ("FunctionCallBody" or "PromQL" or "AggregateModifier" or "MatchingModifierClause"));

    private static string FunctionName(PromQlSyntaxNode call) => call.Child("FunctionIdentifier")?.Text ?? "";

    [GeneratedRegex(@"([a-z_]+)\((.+)\)")]
    private static partial Regex TemplatedLabel();

    [GeneratedRegex(@"syntax error at (\d+)")]
    private static partial Regex SyntaxErrorAt();
}
