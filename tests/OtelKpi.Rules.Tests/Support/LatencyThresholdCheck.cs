namespace OtelKpi.Rules.Tests.Support;

/// <summary>
/// Latency thresholds (the average-latency threshold and the latency objective's T) must be bucket boundaries
/// of http_server_request_duration_seconds: a boundary is the only place where "slower than T" is exact.
/// </summary>
public static class LatencyThresholdCheck
{
    /// <summary>
    /// Every number a rule recording a latency threshold (or its override) sets, that is not a boundary.
    /// </summary>
    public static IReadOnlyList<string> Violations(RuleSet rules, IReadOnlyList<double> boundaries)
    {
        var names = Objectives.LatencyThresholds.Concat(Objectives.LatencyThresholds.Select(n => n + Objectives.OverrideSuffix)).ToHashSet();
        var violations = new List<string>();
        foreach (var rule in rules.RecordingRules.Where(r => names.Contains(r.Record!)))
        {
            var numbers = rules.ExpressionOf(rule).Numbers;
            if (numbers.Count == 0)
            {
                violations.Add($"{rule}: sets no threshold literal.");
            }

            violations.AddRange(numbers.Where(n => !boundaries.Contains(n)).Select(n => $"{rule}: {n} s is not a bucket boundary ({string.Join(", ", boundaries)})."));
        }

        return violations;
    }
}
