using OtelKpi.Testing;

namespace OtelKpi.Rules.Tests.Support;

/// <summary>
/// Holds rules to the metric contract (docs/metrics.md): a rule may read only documented series, the series
/// the rule set records, the override inputs and Prometheus' own <c>up</c>; it may name only the labels those
/// series carry. The target labels are job, instance and the topology labels a deployment adds above job
/// (<see cref="Topology"/>); <c>otel_metric_overflow</c> is the label the OpenTelemetry SDK puts on the one
/// series that takes a metric's measurements past its cardinality limit (docs/metrics.md, notes on the labels).
/// </summary>
public static class ContractCheck
{
    /// <summary>The series Prometheus itself writes for every scrape target: 1 when the scrape worked.</summary>
    public const string ScrapeHealthSeries = "up";

    /// <summary>The label of the overflow series.</summary>
    public const string OverflowLabel = "otel_metric_overflow";

    /// <summary>Labels every scraped series may carry: job, instance and the topology labels.</summary>
    public static IReadOnlySet<string> TargetLabels { get; } = MetricContract.TargetLabels.Concat(Topology.Labels).ToHashSet();

    /// <summary>Every violation in <paramref name="rules"/>, one readable line each; empty when they comply.</summary>
    public static IReadOnlyList<string> Violations(RuleSet rules, MetricContract contract)
    {
        var violations = new List<string>();
        foreach (var rule in rules.Rules)
        {
            var expression = rules.ExpressionOf(rule);
            foreach (var function in expression.Functions.Distinct().Where(f => f is "label_replace" or "label_join"))
            {
                violations.Add($"{rule}: {function} creates labels this check cannot follow; extend ContractCheck before using it.");
            }

            foreach (var selector in expression.Selectors)
            {
                var labels = LabelsOf(selector.Metric!, rules, contract);
                if (labels is null)
                {
                    violations.Add($"{rule}: reads {selector.Metric}, which docs/metrics.md does not list and no rule records.");
                    continue;
                }

                foreach (var matcher in selector.Matchers.Where(m => !labels.Contains(m.Label)))
                {
                    violations.Add($"{rule}: matches label {matcher.Label} on {selector.Metric}, which does not carry it.");
                }
            }

            var available = rules.SourcesOf(rule)
                .Select(source => LabelsOf(source, rules, contract) ?? new HashSet<string>())
                .SelectMany(l => l)
                .Concat(TargetLabels)
                .ToHashSet();
            foreach (var label in expression.GroupingLabels.Distinct().Where(l => !available.Contains(l)))
            {
                violations.Add($"{rule}: groups or matches on label {label}, which none of the series it reads carries.");
            }

            if (expression.Functions.Contains("histogram_quantile") && !available.Contains("le"))
            {
                violations.Add($"{rule}: calls histogram_quantile without reading a bucket series.");
            }
        }

        return violations;
    }

    private static IReadOnlySet<string>? LabelsOf(string metric, RuleSet rules, MetricContract contract)
    {
        if (metric == ScrapeHealthSeries)
        {
            return TargetLabels;
        }

        if (contract.FamilyOfSeries(metric) is not null)
        {
            return contract.LabelsOfSeries(metric).Concat(TargetLabels).Append(OverflowLabel).ToHashSet();
        }

        if (rules.RecorderOf(metric) is not null)
        {
            // The labels its level names, and those its rules set (slo="availability").
            return RecordingLevel.LabelsOf(metric)?.Concat(rules.RecordersOf(metric).SelectMany(r => r.Labels.Keys)).ToHashSet();
        }

        return Objectives.OverrideInputs.Contains(metric) ? new HashSet<string> { "job" } : null;
    }
}
