namespace OtelKpi.Testing.PromQl;

/// <summary>A label matcher of a selector, such as <c>le=~"0\\.50*"</c>.</summary>
/// <param name="Label">The label name.</param>
/// <param name="Operator">=, !=, =~ or !~.</param>
/// <param name="Value">The unquoted value, Grafana variables left as written.</param>
public sealed record PromQlMatcher(string Label, string Operator, string Value);
