namespace OtelKpi.Testing.PromQl;

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
