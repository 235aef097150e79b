using OtelKpi.KpiView.Dashboards;

namespace OtelKpi.KpiView.View;

/// <summary>
/// Marks each measured line the way the dashboard judges it: against the panel's reference line of the same job
/// (a threshold or limit is breached from above, an objective from below), or, for panels without one, by the
/// colour of the panel's threshold step its value falls in (red: breach; orange or yellow: warning; green: ok).
/// </summary>
internal static class KpiJudge
{
    /// <summary>The lines of <paramref name="panel"/> with their status and comparison.</summary>
    public static IReadOnlyList<KpiLine> Judge(DashboardPanel panel, IReadOnlyList<KpiLine> lines)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(lines);
        var references = lines.Where(l => l.IsReferenceLine && l.Value is not null).ToList();
        return lines.Select(line =>
        {
            // 4xx are shown next to errors, never judged as errors: a 404 is the client's mistake.
            if (line.IsReferenceLine || line.Value is not { } value || line.Legend.EndsWith(" 4xx", StringComparison.Ordinal))
            {
                return line;
            }

            var reference = references.FirstOrDefault(r => !r.Labels.TryGetValue("job", out var job) || line.Labels.GetValueOrDefault("job") == job);
            if (reference is not null)
            {
                var objective = reference.Legend.EndsWith("objective", StringComparison.Ordinal);
                var limit = reference.Legend.EndsWith("limit", StringComparison.Ordinal);
                var breached = objective ? value < reference.Value : limit ? value >= reference.Value : value > reference.Value;
                var kind = objective ? "objective" : limit ? "limit" : "threshold";
                return line with { Status = breached ? KpiStatus.Breach : KpiStatus.Ok, Comparison = $"{kind} {reference.Text}" };
            }

            return panel.Thresholds.Count > 1 ? line with { Status = ByStep(panel.Thresholds, value), Comparison = StepText(panel) } : line;
        }).ToList();
    }

    private static KpiStatus ByStep(IReadOnlyList<ThresholdStep> steps, double value)
    {
        var color = steps[0].Color;
        foreach (var step in steps.Where(s => s.From is null || value >= s.From))
        {
            color = step.Color;
        }

        return color switch
        {
            "red" or "dark-red" => KpiStatus.Breach,
            "orange" or "yellow" or "dark-orange" => KpiStatus.Warning,
            "green" or "dark-green" => KpiStatus.Ok,
            _ => KpiStatus.None,
        };
    }

    // The step boundary the value is held to: where red starts on a rising scale, where it ends on a falling one.
    private static string? StepText(DashboardPanel panel)
    {
        var steps = panel.Thresholds;
        if (steps[0].Color is "red" or "dark-red")
        {
            return $"red below {UnitFormat.Format(steps[1].From!.Value, panel.Unit)}";
        }

        var red = steps.FirstOrDefault(s => s.From is not null && s.Color is "red" or "dark-red");
        return red is null ? null : $"red from {UnitFormat.Format(red.From!.Value, panel.Unit)}";
    }
}
