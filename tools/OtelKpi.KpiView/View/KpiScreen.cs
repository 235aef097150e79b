using System.Globalization;
using System.Text;
using OtelKpi.KpiView.Notifications;

namespace OtelKpi.KpiView.View;

/// <summary>What a frame shows besides the panels.</summary>
/// <param name="DashboardTitle">The dashboard's title, for the heading.</param>
/// <param name="Prometheus">Prometheus' base address, for the alerts page link.</param>
/// <param name="RateInterval">What <c>$__rate_interval</c> stands for.</param>
/// <param name="Notifications">The latest notifications the local receiver got, oldest first; null when none is watched.</param>
/// <param name="Keys">The key help line, or null when keys are not read.</param>
internal sealed record KpiFrameContext(string DashboardTitle, Uri Prometheus, string RateInterval, IReadOnlyList<Notification>? Notifications, string? Keys)
{
    /// <summary>Gets lines shown under the summary (the demo's incident phase), or none.</summary>
    public IReadOnlyList<string> Status { get; init; } = [];
}

/// <summary>
/// Lays a <see cref="KpiSnapshot"/> out as text: a summary of what breaches, then one line per series grouped by row
/// and panel (status, value, trend, what it is compared with), then the pending and firing alerts and the latest
/// notifications. Reference lines are not printed on their own: each measured line names the one it is held to.
/// </summary>
internal static class KpiScreen
{
    private const int TitleWidth = 24;
    private const int ValueWidth = 11;
    private const int MaxLegendWidth = 44;

    /// <summary>The text of one frame.</summary>
    public static string Render(KpiSnapshot snapshot, KpiFrameContext context, TerminalStyle style)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(style);
        var measured = snapshot.Panels.SelectMany(p => p.Lines.Where(l => !l.IsReferenceLine)).ToList();
        var legendWidth = Math.Min(MaxLegendWidth, measured.Select(l => l.Legend.Length).DefaultIfEmpty(10).Max());
        var text = new StringBuilder();
        text.Append(style.Strong(context.DashboardTitle))
            .Append("   ").Append(snapshot.Time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(" UTC")
            .Append("   Prometheus ").Append(context.Prometheus).Append("   rates over ").AppendLine(context.RateInterval);
        text.AppendLine(Summary(snapshot, measured, style));
        foreach (var line in context.Status)
        {
            text.AppendLine(style.Strong(line));
        }

        string? row = null;
        foreach (var panel in snapshot.Panels)
        {
            if (panel.Row != row)
            {
                row = panel.Row;
                text.AppendLine().AppendLine(style.Strong(row ?? ""));
            }

            var title = Fit(panel.Title, TitleWidth);
            var lines = panel.Lines.Where(l => !l.IsReferenceLine).ToList();
            if (panel.Error is not null)
            {
                text.Append("  ").Append(title).Append(' ').AppendLine(style.Tint(KpiStatus.Breach, "query failed: " + panel.Error));
                continue;
            }

            if (lines.Count == 0)
            {
                text.Append("  ").Append(title).Append(' ').AppendLine(style.Weak("no data yet"));
                continue;
            }

            foreach (var line in lines)
            {
                text.Append("  ").Append(title).Append(' ')
                    .Append(Fit(line.Legend, legendWidth)).Append(' ')
                    .Append(style.Mark(line.Status)).Append(' ')
                    .Append(style.Tint(line.Status, line.Text.PadLeft(ValueWidth))).Append("  ")
                    .Append(Sparkline.Render(line.Trend));
                if (line.Comparison is not null)
                {
                    text.Append("  ").Append(style.Weak(line.Comparison));
                }

                text.AppendLine();
                title = new string(' ', TitleWidth);
            }
        }

        text.AppendLine().Append(style.Strong("Alerts")).Append("  (pending, firing; rules page ").Append(new Uri(context.Prometheus, "alerts")).AppendLine(")");
        if (snapshot.Alerts.Count == 0)
        {
            text.AppendLine("  none pending or firing");
        }

        foreach (var alert in snapshot.Alerts)
        {
            var status = alert.State == "firing" ? KpiStatus.Breach : KpiStatus.Warning;
            var symbol = style.Colour ? (alert.State == "firing" ? "● " : "◔ ") : "";
            var since = snapshot.Time - alert.ActiveSince;
            text.Append("  ").Append(style.Tint(status, symbol + alert.State.ToUpperInvariant().PadRight(8)))
                .Append(' ').Append(alert.Name.PadRight(24))
                .Append(' ').Append(alert.Labels.GetValueOrDefault("severity", "").PadRight(9))
                .Append(" job ").Append(alert.Labels.GetValueOrDefault("job", ""))
                .Append(alert.Labels.TryGetValue("long_window", out var window) ? $" (window {window})" : "")
                .Append("  active for ").AppendLine(Duration(since));
        }

        if (context.Notifications is { } notifications)
        {
            text.AppendLine().Append(style.Strong("Notifications")).AppendLine("  (Alertmanager to the local receiver)");
            if (notifications.Count == 0)
            {
                text.AppendLine("  none yet");
            }

            foreach (var notification in notifications)
            {
                text.Append("  ").AppendLine(style.Tint(notification.Status == "firing" ? KpiStatus.Breach : KpiStatus.Ok, notification.ToString()));
            }
        }

        if (context.Keys is not null)
        {
            text.AppendLine().AppendLine(style.Weak(context.Keys));
        }

        return text.ToString();
    }

    private static string Summary(KpiSnapshot snapshot, List<KpiLine> measured, TerminalStyle style)
    {
        var breaches = measured.Count(l => l.Status == KpiStatus.Breach);
        var warnings = measured.Count(l => l.Status == KpiStatus.Warning);
        var firing = snapshot.Alerts.Count(a => a.State == "firing");
        var pending = snapshot.Alerts.Count - firing;
        var kpis = breaches == 0 && warnings == 0
            ? style.Mark(KpiStatus.Ok).TrimEnd() + " every KPI within its threshold and objective"
            : $"{style.Mark(breaches > 0 ? KpiStatus.Breach : KpiStatus.Warning).TrimEnd()} {breaches} breaching, {warnings} warning";
        return $"{kpis}   alerts: {firing} firing, {pending} pending";
    }

    private static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m" : $"{(int)span.TotalMinutes}m{span.Seconds:00}s";

    private static string Fit(string text, int width) =>
        text.Length <= width ? text.PadRight(width) : string.Concat(text.AsSpan(0, width - 1), "…");
}
