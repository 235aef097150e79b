namespace OtelKpi.KpiView.View;

/// <summary>One series of a panel, formatted.</summary>
/// <param name="Legend">The rendered legend.</param>
/// <param name="Value">The formatted latest value.</param>
/// <param name="IsReferenceLine">True for a threshold, objective or limit line.</param>
internal sealed record KpiLine(string Legend, string Value, bool IsReferenceLine);

/// <summary>A panel's series at one moment, or why there are none.</summary>
/// <param name="Row">The title of the row the panel is in, or null.</param>
/// <param name="Title">The panel title.</param>
/// <param name="Lines">Its series, measurements first.</param>
/// <param name="Error">The query error, if Prometheus rejected a query.</param>
internal sealed record KpiPanelReading(string? Row, string Title, IReadOnlyList<KpiLine> Lines, string? Error);

/// <summary>Every on-screen panel of the dashboard at one moment, and the firing alerts.</summary>
/// <param name="Time">When the queries ran.</param>
/// <param name="Panels">The panels in dashboard order.</param>
/// <param name="FiringAlerts">Rendered titles of the dashboard's alert annotations that are active now.</param>
internal sealed record KpiSnapshot(DateTimeOffset Time, IReadOnlyList<KpiPanelReading> Panels, IReadOnlyList<string> FiringAlerts);
