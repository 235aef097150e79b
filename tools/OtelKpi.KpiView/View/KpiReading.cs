namespace OtelKpi.KpiView.View;

/// <summary>How a value stands against what the dashboard compares it with.</summary>
internal enum KpiStatus
{
    /// <summary>Nothing to compare with.</summary>
    None,

    /// <summary>Within its threshold or objective.</summary>
    Ok,

    /// <summary>In a warning band of the panel's threshold steps.</summary>
    Warning,

    /// <summary>Beyond its threshold, below its objective, or red by the panel's threshold steps.</summary>
    Breach,
}

/// <summary>One series of a panel, with its recent trend and how it stands.</summary>
/// <param name="Legend">The rendered legend.</param>
/// <param name="Labels">The series' labels.</param>
/// <param name="Value">The latest value, or null when the series has none in the trend window's last step.</param>
/// <param name="Text">The latest value, formatted in the panel's unit.</param>
/// <param name="IsReferenceLine">True for a threshold, objective or limit line.</param>
/// <param name="Trend">The values over the trend window, oldest first (NaN where there was none).</param>
internal sealed record KpiLine(string Legend, IReadOnlyDictionary<string, string> Labels, double? Value, string Text, bool IsReferenceLine, IReadOnlyList<double> Trend)
{
    /// <summary>Gets how the value stands.</summary>
    public KpiStatus Status { get; init; }

    /// <summary>Gets what it was compared with, such as "threshold 5.00%", or null.</summary>
    public string? Comparison { get; init; }
}

/// <summary>A panel's series at one moment, or why there are none.</summary>
/// <param name="Row">The title of the row the panel is in, or null.</param>
/// <param name="Title">The panel title.</param>
/// <param name="Lines">Its series, measurements first.</param>
/// <param name="Error">The query error, if Prometheus rejected a query.</param>
internal sealed record KpiPanelReading(string? Row, string Title, IReadOnlyList<KpiLine> Lines, string? Error);

/// <summary>An alert of the dashboard's annotation that is pending or firing.</summary>
/// <param name="Name">The alert name.</param>
/// <param name="State">pending or firing.</param>
/// <param name="Labels">Its labels (job, severity, window...).</param>
/// <param name="ActiveSince">When it became active.</param>
internal sealed record ActiveAlert(string Name, string State, IReadOnlyDictionary<string, string> Labels, DateTimeOffset ActiveSince);

/// <summary>Every on-screen panel of the dashboard at one moment, and the OtelKpi alerts then.</summary>
/// <param name="Time">When the queries ran.</param>
/// <param name="Panels">The panels in dashboard order.</param>
/// <param name="Alerts">The dashboard's alerts that are pending or firing.</param>
internal sealed record KpiSnapshot(DateTimeOffset Time, IReadOnlyList<KpiPanelReading> Panels, IReadOnlyList<ActiveAlert> Alerts);
