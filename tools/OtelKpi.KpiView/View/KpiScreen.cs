using System.Globalization;
using System.Text;

namespace OtelKpi.KpiView.View;

/// <summary>Lays a <see cref="KpiSnapshot"/> out as plain text: one line per series, grouped by row and panel.</summary>
internal static class KpiScreen
{
    private const int TitleWidth = 28;
    private const int ValueWidth = 14;
    private const int MaxLegendWidth = 56;

    /// <summary>The text of one frame.</summary>
    /// <param name="snapshot">The readings.</param>
    /// <param name="dashboardTitle">The dashboard's title, for the heading.</param>
    /// <param name="prometheus">Prometheus' base address, for the alerts page link.</param>
    /// <param name="rateInterval">What <c>$__rate_interval</c> stands for.</param>
    public static string Render(KpiSnapshot snapshot, string dashboardTitle, Uri prometheus, string rateInterval)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(prometheus);
        var legendWidth = Math.Min(
            MaxLegendWidth,
            snapshot.Panels.SelectMany(p => p.Lines).Select(l => l.Legend.Length).DefaultIfEmpty(10).Max());
        var text = new StringBuilder();
        text.Append(dashboardTitle).Append("   ").AppendLine(snapshot.Time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        text.Append("Prometheus ").Append(prometheus).Append("   rates over ").AppendLine(rateInterval);

        string? row = null;
        foreach (var panel in snapshot.Panels)
        {
            if (panel.Row != row)
            {
                row = panel.Row;
                text.AppendLine().AppendLine(row ?? "");
            }

            var title = Fit(panel.Title, TitleWidth);
            if (panel.Error is not null)
            {
                text.Append("  ").Append(title).Append(" query failed: ").AppendLine(panel.Error);
                continue;
            }

            if (panel.Lines.Count == 0)
            {
                text.Append("  ").Append(title).AppendLine(" no data yet");
                continue;
            }

            foreach (var line in panel.Lines)
            {
                text.Append("  ").Append(title).Append(' ')
                    .Append(Fit(line.Legend, legendWidth)).Append(' ')
                    .AppendLine(line.Value.PadLeft(ValueWidth));
                title = new string(' ', TitleWidth);
            }
        }

        text.AppendLine();
        text.Append("Firing OtelKpi alerts: ").AppendLine(snapshot.FiringAlerts.Count == 0 ? "none" : string.Join(", ", snapshot.FiringAlerts));
        text.Append("Alerts page:           ").AppendLine(new Uri(prometheus, "alerts").ToString());
        return text.ToString();
    }

    private static string Fit(string text, int width) =>
        text.Length <= width ? text.PadRight(width) : string.Concat(text.AsSpan(0, width - 1), "…");
}
