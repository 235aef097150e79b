namespace OtelKpi.Testing.PromQl;

/// <summary>
/// One node of a PromQL syntax tree as the Prometheus project's own grammar (@prometheus-io/lezer-promql) names
/// it: <c>VectorSelector</c>, <c>MatrixSelector</c>, <c>FunctionCall</c>, <c>AggregateExpr</c>, <c>LabelName</c>...
/// </summary>
public sealed class PromQlSyntaxNode
{
    private readonly List<PromQlSyntaxNode> children = [];

    internal PromQlSyntaxNode(string type, int from, int to, string source, PromQlSyntaxNode? parent)
    {
        this.Type = type;
        this.From = from;
        this.To = to;
        this.Source = source;
        this.Parent = parent;
    }

    /// <summary>The grammar's node type name.</summary>
    public string Type { get; }

    /// <summary>Offset of the node's first character in <see cref="Source"/>.</summary>
    public int From { get; }

    /// <summary>Offset after the node's last character.</summary>
    public int To { get; }

    /// <summary>The whole text the tree was parsed from.</summary>
    public string Source { get; }

    /// <summary>The node's own text.</summary>
    public string Text => this.Source[this.From..this.To];

    /// <summary>The enclosing node; null for the root (<c>PromQL</c>).</summary>
    public PromQlSyntaxNode? Parent { get; }

    /// <summary>The nodes directly below, in text order.</summary>
    public IReadOnlyList<PromQlSyntaxNode> Children => this.children;

    /// <summary>Every node below this one, depth first in text order.</summary>
    public IEnumerable<PromQlSyntaxNode> Descendants() =>
        this.children.SelectMany(c => c.Descendants().Prepend(c));

    /// <summary>The enclosing nodes, innermost first.</summary>
    public IEnumerable<PromQlSyntaxNode> Ancestors()
    {
        for (var node = this.Parent; node is not null; node = node.Parent)
        {
            yield return node;
        }
    }

    /// <summary>The first direct child of <paramref name="type"/>, or null.</summary>
    public PromQlSyntaxNode? Child(string type) => this.children.FirstOrDefault(c => c.Type == type);

    /// <inheritdoc/>
    public override string ToString() => $"{this.Type} \"{this.Text}\"";

    internal void Add(PromQlSyntaxNode child) => this.children.Add(child);
}
