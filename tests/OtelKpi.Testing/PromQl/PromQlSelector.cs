namespace OtelKpi.Testing.PromQl;

/// <summary>A series selector: its metric name, matchers, range, and the functions it is an argument of.</summary>
/// <param name="Metric">
/// The metric name; null for a selector that names none (<c>{job="x"}</c>), which only
/// <see cref="PromQlDialect.Grafana"/> accepts.
/// </param>
/// <param name="Matchers">The label matchers.</param>
/// <param name="Range">The range as written (<c>5m</c>, <c>$__rate_interval</c>), or null for an instant selector.</param>
/// <param name="EnclosingFunctions">The functions and aggregations the selector is nested in, outermost first.</param>
public sealed record PromQlSelector(string? Metric, IReadOnlyList<PromQlMatcher> Matchers, string? Range, IReadOnlyList<string> EnclosingFunctions)
{
    /// <summary>The innermost function the selector is an argument of, or null.</summary>
    public string? Function => this.EnclosingFunctions.Count == 0 ? null : this.EnclosingFunctions[^1];

    /// <summary>
    /// The range as a duration, zero for an instant selector; throws <see cref="FormatException"/> for a range
    /// that is a Grafana variable.
    /// </summary>
    public TimeSpan RangeDuration => this.Range is null ? TimeSpan.Zero : PromDuration.Parse(this.Range);

    /// <summary>True when a matcher on <paramref name="label"/> with <paramref name="op"/> and <paramref name="value"/> exists.</summary>
    public bool Has(string label, string op, string value) =>
        this.Matchers.Any(m => m.Label == label && m.Operator == op && m.Value == value);
}
