using System.Globalization;

namespace OtelKpi.Rules.Tests.Support.PromQl;

/// <summary>A label matcher of a selector, such as <c>le=~"0\\.50*"</c>.</summary>
/// <param name="Label">The label name.</param>
/// <param name="Operator">=, !=, =~ or !~.</param>
/// <param name="Value">The unquoted value.</param>
public sealed record PromQlMatcher(string Label, string Operator, string Value);

/// <summary>A series selector: a metric name, its matchers and its range, if any.</summary>
/// <param name="Metric">The metric name.</param>
/// <param name="Matchers">The label matchers.</param>
/// <param name="Range">The range of a range selector (<c>[5m]</c>), or zero for an instant selector.</param>
public sealed record PromQlSelector(string Metric, IReadOnlyList<PromQlMatcher> Matchers, TimeSpan Range);

/// <summary>
/// What a PromQL expression refers to: the series it selects, the labels its aggregations and vector
/// matching name, the functions it calls and the numbers it compares with. This is what the contract and
/// threshold checks need; it is not a full parser and refuses (throws) what it does not understand.
/// </summary>
public sealed class PromQlExpression
{
    private static readonly HashSet<string> Aggregations =
        ["sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile"];

    private static readonly HashSet<string> LabelListKeywords = ["by", "without", "on", "ignoring", "group_left", "group_right"];

    private static readonly HashSet<string> Keywords = ["and", "or", "unless", "bool", "offset", "atan2", "inf", "nan"];

    private readonly List<PromQlSelector> selectors = [];
    private readonly HashSet<string> groupingLabels = new(StringComparer.Ordinal);
    private readonly HashSet<string> functions = new(StringComparer.Ordinal);
    private readonly List<double> numbers = [];

    private PromQlExpression(string text) => this.Text = text;

    /// <summary>The expression text.</summary>
    public string Text { get; }

    /// <summary>Every series selector, in order.</summary>
    public IReadOnlyList<PromQlSelector> Selectors => this.selectors;

    /// <summary>Labels named in by, without, on, ignoring, group_left and group_right.</summary>
    public IReadOnlySet<string> GroupingLabels => this.groupingLabels;

    /// <summary>Functions and aggregations called.</summary>
    public IReadOnlySet<string> Functions => this.functions;

    /// <summary>Number literals (not durations), in order.</summary>
    public IReadOnlyList<double> Numbers => this.numbers;

    /// <summary>Every label the expression names: in matchers and in label lists.</summary>
    public IEnumerable<string> Labels => this.selectors.SelectMany(s => s.Matchers.Select(m => m.Label)).Concat(this.groupingLabels).Distinct();

    /// <summary>Analyses <paramref name="text"/>.</summary>
    public static PromQlExpression Parse(string text)
    {
        var expression = new PromQlExpression(text);
        expression.Walk(PromQlLexer.Tokenize(text));
        return expression;
    }

    private void Walk(IReadOnlyList<PromQlToken> tokens)
    {
        var i = 0;
        while (i < tokens.Count)
        {
            var token = tokens[i];
            var next = i + 1 < tokens.Count ? tokens[i + 1] : null;
            switch (token.Kind)
            {
                case PromQlTokenKind.Identifier when LabelListKeywords.Contains(token.Text):
                    i = next is not null && next.Is("(") ? this.ReadLabelList(tokens, i + 1) : i + 1;
                    break;
                case PromQlTokenKind.Identifier when Keywords.Contains(token.Text.ToLowerInvariant()):
                    i++;
                    break;
                case PromQlTokenKind.Identifier when next is not null && next.Is("("):
                    this.functions.Add(token.Text);
                    i++;
                    break;
                case PromQlTokenKind.Identifier when Aggregations.Contains(token.Text) && next is { Kind: PromQlTokenKind.Identifier } && next.Text is "by" or "without":
                    this.functions.Add(token.Text);
                    i++;
                    break;
                case PromQlTokenKind.Identifier:
                    i = this.ReadSelector(tokens, i, token.Text);
                    break;
                case PromQlTokenKind.Punctuation when token.Is("{"):
                    throw new FormatException($"A selector without a metric name at {token.Position} is not supported: {this.Text}");
                case PromQlTokenKind.Number:
                    this.numbers.Add(double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture));
                    i++;
                    break;
                case PromQlTokenKind.Punctuation when token.Is("[") :
                    throw new FormatException($"A range or subquery after an expression at {token.Position} is not supported: {this.Text}");
                default:
                    i++;
                    break;
            }
        }
    }

    private int ReadLabelList(IReadOnlyList<PromQlToken> tokens, int open)
    {
        var i = open + 1;
        while (i < tokens.Count && !tokens[i].Is(")"))
        {
            if (tokens[i].Kind == PromQlTokenKind.Identifier)
            {
                this.groupingLabels.Add(tokens[i].Text);
            }
            else if (!tokens[i].Is(","))
            {
                throw new FormatException($"Unexpected {tokens[i]} in a label list: {this.Text}");
            }

            i++;
        }

        return i + 1;
    }

    private int ReadSelector(IReadOnlyList<PromQlToken> tokens, int start, string metric)
    {
        var matchers = new List<PromQlMatcher>();
        var i = start + 1;
        if (i < tokens.Count && tokens[i].Is("{"))
        {
            i++;
            while (!tokens[i].Is("}"))
            {
                if (tokens[i].Kind != PromQlTokenKind.Identifier || tokens[i + 1].Kind != PromQlTokenKind.Operator || tokens[i + 2].Kind != PromQlTokenKind.String)
                {
                    throw new FormatException($"Unexpected matcher at {tokens[i].Position}: {this.Text}");
                }

                matchers.Add(new PromQlMatcher(tokens[i].Text, tokens[i + 1].Text, tokens[i + 2].Text));
                i += 3;
                if (tokens[i].Is(","))
                {
                    i++;
                }
            }

            i++;
        }

        var range = TimeSpan.Zero;
        if (i < tokens.Count && tokens[i].Is("["))
        {
            if (tokens[i + 1].Kind != PromQlTokenKind.Duration || !tokens[i + 2].Is("]"))
            {
                throw new FormatException($"Only plain ranges like [5m] are supported, at {tokens[i].Position}: {this.Text}");
            }

            range = PromDuration.Parse(tokens[i + 1].Text);
            i += 3;
        }

        this.selectors.Add(new PromQlSelector(metric, matchers, range));
        return i;
    }
}
