using System.Globalization;

namespace OtelKpi.Testing.PromQl;

/// <summary>
/// What a PromQL expression refers to: the series it selects, the labels its aggregations and vector
/// matching name, the labels label_replace writes and reads, the functions it calls and the numbers it
/// compares with. Read from the syntax tree of the Prometheus project's own grammar (<see cref="PromQlSyntax"/>);
/// a syntax error, a subquery (whose range no selector would report, so look-back checks would miss it) and, in
/// rule files, a selector without a metric name are refused with <see cref="FormatException"/>.
/// </summary>
public sealed class PromQlExpression
{
    private PromQlExpression(
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
    public static PromQlExpression Parse(string text, PromQlDialect dialect = PromQlDialect.Prometheus)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (parsable, variables) = dialect == PromQlDialect.Grafana ? GrafanaTemplate.Substitute(text) : (text, new Dictionary<string, string>());
        var tree = PromQlSyntax.Parse(parsable);
        var selectors = new List<PromQlSelector>();
        var grouping = new List<string>();
        var replaced = new List<string>();
        var functions = new List<string>();
        var numbers = new List<double>();
        foreach (var node in tree.Descendants())
        {
            switch (node.Type)
            {
                case "SubqueryExpr":
                    throw new FormatException($"A subquery at {node.From} is not supported: its range is no selector's: {text}");
                case "VectorSelector":
                    selectors.Add(Selector(node, variables, dialect, text));
                    break;
                case "GroupingLabels":
                    grouping.AddRange(node.Children.Where(c => c.Type == "LabelName").Select(c => c.Text));
                    break;
                case "FunctionCall":
                    var name = node.Child("FunctionIdentifier")!.Text;
                    functions.Add(name);
                    if (name == "label_replace")
                    {
                        var arguments = node.Child("FunctionCallBody")!.Children;
                        replaced.AddRange(new[] { 1, 3 }.Where(i => i < arguments.Count).Select(i => PromQlSelectorSyntax.Unquote(arguments[i])));
                    }

                    break;
                case "AggregateExpr":
                    functions.Add(node.Child("AggregateOp")!.Text);
                    break;
                case "NumberDurationLiteral" when double.TryParse(node.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                    numbers.Add(number); // a duration in number position (5m) is not a number
                    break;
                default:
                    break;
            }
        }

        return new PromQlExpression(text, selectors, grouping, replaced, functions, numbers);
    }

    private static PromQlSelector Selector(PromQlSyntaxNode vector, IReadOnlyDictionary<string, string> variables, PromQlDialect dialect, string text)
    {
        var metric = PromQlSelectorSyntax.MetricName(vector);
        if (metric is null && dialect != PromQlDialect.Grafana)
        {
            throw new FormatException($"A selector without a metric name at {vector.From} is not supported: {text}");
        }

        var range = vector.Parent is { Type: "MatrixSelector" } matrix ? matrix.Child("DurationExpr")!.Text : null;
        if (range is not null && variables.TryGetValue(range, out var variable))
        {
            range = variable;
        }

        var enclosing = vector.Ancestors()
            .Select(a => a.Type switch
            {
                "FunctionCall" => a.Child("FunctionIdentifier")!.Text,
                "AggregateExpr" => a.Child("AggregateOp")!.Text,
                _ => null,
            })
            .OfType<string>()
            .Reverse()
            .ToList();
        return new PromQlSelector(metric, PromQlSelectorSyntax.Matchers(vector), range, enclosing);
    }
}
