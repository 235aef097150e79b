namespace OtelKpi.KpiView.Dashboards;

/// <summary>A panel of a dashboard (never a row).</summary>
/// <param name="Id">The panel id, unique within the dashboard.</param>
/// <param name="Title">The title.</param>
/// <param name="Type">timeseries, stat, table...</param>
/// <param name="Description">The description shown in the panel's info tooltip.</param>
/// <param name="Unit">The default unit of its fields (Grafana unit id such as reqps, s, percentunit, bytes).</param>
/// <param name="Targets">Its queries.</param>
/// <param name="RowTitle">The row it sits in, or null above the first row.</param>
/// <param name="InCollapsedRow">True when its row is collapsed by default, so it is not on screen when the dashboard opens.</param>
internal sealed record DashboardPanel(
    int Id,
    string Title,
    string Type,
    string Description,
    string Unit,
    IReadOnlyList<PanelTarget> Targets,
    string? RowTitle,
    bool InCollapsedRow)
{
    /// <summary>The threshold steps of its values (stat panels colour by them), lowest first; empty when it has none.</summary>
    public IReadOnlyList<ThresholdStep> Thresholds { get; init; } = [];
}

/// <summary>One threshold step: values from <paramref name="From"/> on (the first step: all values) take <paramref name="Color"/>.</summary>
/// <param name="Color">A Grafana colour name (green, orange, red...).</param>
/// <param name="From">The lowest value of the step, or null for the base step.</param>
internal sealed record ThresholdStep(string Color, double? From);

/// <summary>One query of a panel.</summary>
/// <param name="RefId">The query's id in the panel. By OtelKpi convention "T" marks threshold, objective and limit lines.</param>
/// <param name="Expr">The PromQL, with Grafana variables not yet substituted.</param>
/// <param name="LegendFormat">The legend template, such as <c>{{job}} threshold</c>.</param>
/// <param name="Instant">True for an instant query (tables), false for a range query.</param>
internal sealed record PanelTarget(string RefId, string Expr, string LegendFormat, bool Instant)
{
    /// <summary>The refId of reference lines: thresholds, objectives and limits.</summary>
    public const string ReferenceLineRefId = "T";

    /// <summary>True for a threshold, objective or limit line rather than a measurement.</summary>
    public bool IsReferenceLine => this.RefId == ReferenceLineRefId;
}

/// <summary>A template variable.</summary>
/// <param name="Name">Its name, referenced as <c>$name</c>.</param>
/// <param name="Type">datasource, query, custom...</param>
/// <param name="Query">Its query, such as <c>label_values(metric{job=~"$job"}, instance)</c>.</param>
/// <param name="Multi">True when several values can be selected.</param>
/// <param name="IncludeAll">True when it offers "All".</param>
/// <param name="AllValue">The custom value substituted for "All", or null to list every value.</param>
internal sealed record DashboardVariable(string Name, string Type, string Query, bool Multi, bool IncludeAll, string? AllValue);

/// <summary>An annotation query.</summary>
/// <param name="Name">Its name in the dashboard's annotation toggles.</param>
/// <param name="Expr">The PromQL whose series become annotations.</param>
/// <param name="TitleFormat">The annotation title template.</param>
internal sealed record DashboardAnnotation(string Name, string Expr, string TitleFormat);
