namespace OtelKpi.KpiView.Dashboards;

/// <summary>What is selected in a template variable: "All", or some of its values.</summary>
internal sealed class VariableSelection
{
    private VariableSelection(bool isAll, IReadOnlyList<string> values)
    {
        this.IsAll = isAll;
        this.Values = values;
    }

    /// <summary>True when "All" is selected.</summary>
    public bool IsAll { get; }

    /// <summary>
    /// The selected values; with "All", every value the variable's query returned (used only when the variable
    /// has no custom all value).
    /// </summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>"All", given the values the variable's query returned.</summary>
    public static VariableSelection All(IReadOnlyList<string> options) => new(true, options);

    /// <summary>The given values.</summary>
    public static VariableSelection Of(params string[] values) => new(false, values);
}
