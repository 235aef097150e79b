namespace OtelKpi.Testing.PromQl;

/// <summary>The kinds of PromQL tokens the analysis needs to tell apart.</summary>
public enum PromQlTokenKind
{
    /// <summary>A metric name, label name, function, aggregation or keyword.</summary>
    Identifier,

    /// <summary>A number literal.</summary>
    Number,

    /// <summary>A duration literal such as 5m or 1h30m.</summary>
    Duration,

    /// <summary>A string literal; the token text is its unquoted, unescaped value.</summary>
    String,

    /// <summary>Punctuation: ( ) { } [ ] , :</summary>
    Punctuation,

    /// <summary>An operator: arithmetic, comparison, matcher or @.</summary>
    Operator,

    /// <summary>A Grafana template variable such as <c>$job</c> or <c>${job}</c> (<see cref="PromQlDialect.Grafana"/> only).</summary>
    Variable,
}
