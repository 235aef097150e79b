namespace OtelKpi.Testing.PromQl;

/// <summary>
/// What a PromQL expression refers to: the series it selects, the labels its aggregations and vector
/// matching name, the labels label_replace writes and reads, the functions it calls and the numbers it
/// compares with. Enough to hold rules and dashboard queries to the metric contract and conventions; it is
/// not a full parser and refuses (throws <see cref="FormatException"/>) what it does not understand.
/// </summary>
public sealed class PromQlExpression
{
    internal PromQlExpression(
        string text,
        IReadOnlyList<PromQlSelector> selectors,
        IReadOnlyList<string> groupingLabels,
        IReadOnlyList<string> labelReplaceLabels,
        IReadOnlyList<string> functions,
        IReadOnlyList<double> numbers)
    {
        this.Text = text;
        this.Selectors = selectors;
        this.GroupingLabels = groupingLabels;
        this.LabelReplaceLabels = labelReplaceLabels;
        this.Functions = functions;
        this.Numbers = numbers;
    }

    /// <summary>The expression text.</summary>
    public string Text { get; }

    /// <summary>Every series selector, in order.</summary>
    public IReadOnlyList<PromQlSelector> Selectors { get; }

    /// <summary>Every label named in by, without, on, ignoring, group_left and group_right, in order, repeats included.</summary>
    public IReadOnlyList<string> GroupingLabels { get; }

    /// <summary>The destination and source labels of every label_replace call, in order.</summary>
    public IReadOnlyList<string> LabelReplaceLabels { get; }

    /// <summary>Every function and aggregation called, in order, repeats included.</summary>
    public IReadOnlyList<string> Functions { get; }

    /// <summary>Number literals (not durations), in order.</summary>
    public IReadOnlyList<double> Numbers { get; }

    /// <summary>Analyses <paramref name="text"/>, written in <paramref name="dialect"/>.</summary>
    public static PromQlExpression Parse(string text, PromQlDialect dialect = PromQlDialect.Prometheus) =>
        new PromQlExpressionReader(text, PromQlLexer.Tokenize(text, dialect), dialect).Read();
}
