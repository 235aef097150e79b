namespace OtelKpi.Rules.Tests.Support.PromQl;

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
}

/// <summary>One token of a PromQL expression.</summary>
/// <param name="Kind">What the token is.</param>
/// <param name="Text">The token's text (unquoted for strings).</param>
/// <param name="Position">Its offset in the expression.</param>
public sealed record PromQlToken(PromQlTokenKind Kind, string Text, int Position)
{
    /// <summary>True for the punctuation or operator <paramref name="text"/>.</summary>
    public bool Is(string text) => this.Kind is PromQlTokenKind.Punctuation or PromQlTokenKind.Operator && this.Text == text;

    /// <inheritdoc />
    public override string ToString() => $"{this.Kind} '{this.Text}' at {this.Position}";
}
