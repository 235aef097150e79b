using System.Globalization;

namespace OtelKpi.Testing.PromQl;

/// <summary>Walks the tokens of one expression once, collecting what <see cref="PromQlExpression"/> reports.</summary>
internal sealed class PromQlExpressionReader
{
    private static readonly HashSet<string> Aggregations =
        ["sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile"];

    private static readonly HashSet<string> LabelListKeywords = ["by", "without", "on", "ignoring", "group_left", "group_right"];

    private static readonly HashSet<string> Keywords =
        new(StringComparer.OrdinalIgnoreCase) { "and", "or", "unless", "bool", "offset", "atan2", "inf", "nan" };

    private readonly string text;
    private readonly IReadOnlyList<PromQlToken> tokens;
    private readonly PromQlDialect dialect;
    private readonly List<PromQlSelector> selectors = [];
    private readonly List<string> groupingLabels = [];
    private readonly List<string> labelReplaceLabels = [];
    private readonly List<string> functions = [];
    private readonly List<double> numbers = [];

    // One entry per open parenthesis: the function or aggregation it belongs to (null for plain grouping)
    // and which of its arguments is being read.
    private readonly Stack<(string? Function, int Argument)> calls = new();

    // An aggregation whose by/without clause comes before its parenthesis: "sum by (job) (...)".
    private string? pendingAggregation;
    private int position;

    /// <summary>Prepares to read <paramref name="tokens"/>, the tokens of <paramref name="text"/>.</summary>
    public PromQlExpressionReader(string text, IReadOnlyList<PromQlToken> tokens, PromQlDialect dialect)
    {
        this.text = text;
        this.tokens = tokens;
        this.dialect = dialect;
    }

    /// <summary>Reads every token; throws <see cref="FormatException"/> on what the analysis cannot follow.</summary>
    public PromQlExpression Read()
    {
        while (this.position < this.tokens.Count)
        {
            this.ReadNext();
        }

        if (this.calls.Count > 0)
        {
            throw new FormatException($"An unclosed parenthesis: {this.text}");
        }

        return new PromQlExpression(this.text, this.selectors, this.groupingLabels, this.labelReplaceLabels, this.functions, this.numbers);
    }

    private void ReadNext()
    {
        var token = this.tokens[this.position];
        var next = this.position + 1 < this.tokens.Count ? this.tokens[this.position + 1] : null;
        switch (token.Kind)
        {
            case PromQlTokenKind.Identifier when LabelListKeywords.Contains(token.Text):
                this.position++;
                if (next is not null && next.Is("("))
                {
                    this.ReadLabelList();
                }

                break;
            case PromQlTokenKind.Identifier when Keywords.Contains(token.Text):
                this.position++;
                break;
            case PromQlTokenKind.Identifier when next is not null && next.Is("("):
                this.functions.Add(token.Text);
                this.calls.Push((token.Text, 0));
                this.position += 2;
                break;
            case PromQlTokenKind.Identifier when Aggregations.Contains(token.Text) && next is { Kind: PromQlTokenKind.Identifier, Text: "by" or "without" }:
                this.functions.Add(token.Text);
                this.pendingAggregation = token.Text;
                this.position++;
                break;
            case PromQlTokenKind.Identifier:
                this.position++;
                this.ReadSelector(token.Text);
                break;
            case PromQlTokenKind.Punctuation when token.Is("{"):
                if (this.dialect != PromQlDialect.Grafana)
                {
                    throw new FormatException($"A selector without a metric name at {token.Position} is not supported: {this.text}");
                }

                this.ReadSelector(metric: null);
                break;
            case PromQlTokenKind.Punctuation when token.Is("["):
                throw new FormatException($"A range or subquery after an expression at {token.Position} is not supported: {this.text}");
            case PromQlTokenKind.Punctuation when token.Is("("):
                this.calls.Push((this.pendingAggregation, 0));
                this.pendingAggregation = null;
                this.position++;
                break;
            case PromQlTokenKind.Punctuation when token.Is(")"):
                this.CloseCall(token);
                this.position++;
                break;
            case PromQlTokenKind.Punctuation when token.Is(","):
                var (function, argument) = this.CloseCall(token);
                this.calls.Push((function, argument + 1));
                this.position++;
                break;
            case PromQlTokenKind.String when this.calls.TryPeek(out var call) && call is ("label_replace", 1 or 3):
                this.labelReplaceLabels.Add(token.Text);
                this.position++;
                break;
            case PromQlTokenKind.Number:
                this.numbers.Add(double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture));
                this.position++;
                break;
            default:
                this.position++;
                break;
        }
    }

    private (string? Function, int Argument) CloseCall(PromQlToken token) =>
        this.calls.TryPop(out var call) ? call : throw new FormatException($"Unexpected {token} outside parentheses: {this.text}");

    // At the "(" of a label list; leaves the position after its ")".
    private void ReadLabelList()
    {
        this.position++;
        while (!this.At(this.position).Is(")"))
        {
            var token = this.tokens[this.position];
            if (token.Kind == PromQlTokenKind.Identifier)
            {
                this.groupingLabels.Add(token.Text);
            }
            else if (!token.Is(","))
            {
                throw new FormatException($"Unexpected {token} in a label list: {this.text}");
            }

            this.position++;
        }

        this.position++;
    }

    // After the metric name, if any; leaves the position after the selector's matchers and range.
    private void ReadSelector(string? metric)
    {
        var matchers = new List<PromQlMatcher>();
        if (this.position < this.tokens.Count && this.tokens[this.position].Is("{"))
        {
            this.position++;
            while (!this.At(this.position).Is("}"))
            {
                var (label, op, value) = (this.tokens[this.position], this.At(this.position + 1), this.At(this.position + 2));
                if (label.Kind != PromQlTokenKind.Identifier || op.Kind != PromQlTokenKind.Operator || value.Kind != PromQlTokenKind.String)
                {
                    throw new FormatException($"Unexpected matcher at {label.Position}: {this.text}");
                }

                matchers.Add(new PromQlMatcher(label.Text, op.Text, value.Text));
                this.position += 3;
                if (this.At(this.position).Is(","))
                {
                    this.position++;
                }
            }

            this.position++;
        }

        string? range = null;
        if (this.position < this.tokens.Count && this.tokens[this.position].Is("["))
        {
            var length = this.At(this.position + 1);
            if (length.Kind is not (PromQlTokenKind.Duration or PromQlTokenKind.Variable) || !this.At(this.position + 2).Is("]"))
            {
                throw new FormatException($"Only plain ranges like [5m] are supported, at {this.tokens[this.position].Position}: {this.text}");
            }

            range = length.Text;
            this.position += 3;
        }

        var enclosing = this.calls.Select(c => c.Function).OfType<string>().Reverse().ToList();
        this.selectors.Add(new PromQlSelector(metric, matchers, range, enclosing));
    }

    private PromQlToken At(int index) =>
        index < this.tokens.Count ? this.tokens[index] : throw new FormatException($"The expression ends early: {this.text}");
}
