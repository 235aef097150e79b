using System.Text;

namespace OtelKpi.Dashboards.Tests.Lint;

/// <summary>A label matcher of a selector, with the value as written (Grafana variables not substituted).</summary>
public sealed record PromMatcher(string Label, string Operator, string Value);

/// <summary>A vector selector: metric name, matchers, range, and the functions it is nested in (outermost first).</summary>
public sealed record PromSelector(string? Metric, IReadOnlyList<PromMatcher> Matchers, string? Range, IReadOnlyList<string> EnclosingFunctions)
{
    /// <summary>The innermost function the selector is an argument of, or null.</summary>
    public string? Function => this.EnclosingFunctions.Count == 0 ? null : this.EnclosingFunctions[^1];

    /// <summary>True when a matcher on <paramref name="label"/> with <paramref name="op"/> and <paramref name="value"/> exists.</summary>
    public bool Has(string label, string op, string value) =>
        this.Matchers.Any(m => m.Label == label && m.Operator == op && m.Value == value);
}

/// <summary>
/// The names a PromQL expression uses, found by a tokenizer rather than a full parser: selectors with their
/// matchers and ranges, grouping labels (by, without, on, ignoring, group_left, group_right), the label
/// arguments of label_replace, and the functions called. Enough to hold dashboard queries to the metric
/// contract and conventions; Prometheus itself checks the syntax in the end-to-end test.
/// </summary>
public sealed class PromQlScan
{
    private static readonly HashSet<string> GroupingKeywords = ["by", "without", "on", "ignoring", "group_left", "group_right"];
    private static readonly HashSet<string> Keywords = ["bool", "offset", "and", "or", "unless", "atan2", "inf", "nan"];
    private static readonly HashSet<string> Aggregations = ["sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile"];

    private PromQlScan(List<PromSelector> selectors, List<string> groupingLabels, List<string> labelReplaceLabels, List<string> functions)
    {
        this.Selectors = selectors;
        this.GroupingLabels = groupingLabels;
        this.LabelReplaceLabels = labelReplaceLabels;
        this.Functions = functions;
    }

    /// <summary>Every selector, in order.</summary>
    public IReadOnlyList<PromSelector> Selectors { get; }

    /// <summary>Every label named in a grouping or matching clause.</summary>
    public IReadOnlyList<string> GroupingLabels { get; }

    /// <summary>The destination and source labels of every label_replace call.</summary>
    public IReadOnlyList<string> LabelReplaceLabels { get; }

    /// <summary>Every function or aggregation called, in order.</summary>
    public IReadOnlyList<string> Functions { get; }

    /// <summary>Scans <paramref name="expression"/>.</summary>
    public static PromQlScan Of(string expression)
    {
        var tokens = Tokenize(expression);
        var selectors = new List<PromSelector>();
        var grouping = new List<string>();
        var labelReplace = new List<string>();
        var functions = new List<string>();
        var calls = new Stack<(string? Function, int Argument)>();
        string? aggregation = null; // an aggregation whose grouping clause comes before its parenthesis

        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            switch (token.Kind)
            {
                case TokenKind.Identifier when GroupingKeywords.Contains(token.Text):
                    if (Peek(tokens, i + 1) is { Text: "(" })
                    {
                        i += 2;
                        for (; tokens[i].Text != ")"; i++)
                        {
                            if (tokens[i].Kind == TokenKind.Identifier)
                            {
                                grouping.Add(tokens[i].Text);
                            }
                        }
                    }

                    break;
                case TokenKind.Identifier when Keywords.Contains(token.Text):
                    break;
                case TokenKind.Identifier when Aggregations.Contains(token.Text) && Peek(tokens, i + 1) is { Text: not "(" }:
                    functions.Add(token.Text);
                    aggregation = token.Text;
                    break;
                case TokenKind.Identifier when Peek(tokens, i + 1) is { Text: "(" }:
                    functions.Add(token.Text);
                    calls.Push((token.Text, 0));
                    i++;
                    break;
                case TokenKind.Identifier:
                    selectors.Add(ReadSelector(tokens, ref i, token.Text, calls));
                    break;
                case TokenKind.Punctuation when token.Text == "{":
                    i--;
                    selectors.Add(ReadSelector(tokens, ref i, null, calls));
                    break;
                case TokenKind.Punctuation when token.Text == "(":
                    calls.Push((aggregation, 0));
                    aggregation = null;
                    break;
                case TokenKind.Punctuation when token.Text == ")":
                    calls.Pop();
                    break;
                case TokenKind.Punctuation when token.Text == ",":
                    var (function, argument) = calls.Pop();
                    calls.Push((function, argument + 1));
                    break;
                case TokenKind.String when calls.Count > 0 && calls.Peek() is ("label_replace", 1 or 3):
                    labelReplace.Add(token.Text);
                    break;
                default:
                    break;
            }
        }

        return new PromQlScan(selectors, grouping, labelReplace, functions);
    }

    private static PromSelector ReadSelector(List<Token> tokens, ref int i, string? metric, Stack<(string? Function, int Argument)> calls)
    {
        var matchers = new List<PromMatcher>();
        if (Peek(tokens, i + 1) is { Text: "{" })
        {
            i += 2;
            while (tokens[i].Text != "}")
            {
                var label = tokens[i];
                var op = tokens[i + 1];
                var value = tokens[i + 2];
                if (label.Kind != TokenKind.Identifier || op.Kind != TokenKind.Operator || value.Kind != TokenKind.String)
                {
                    throw new FormatException($"Cannot read the matcher at '{label.Text} {op.Text} {value.Text}'.");
                }

                matchers.Add(new PromMatcher(label.Text, op.Text, value.Text));
                i += 3;
                if (tokens[i].Text == ",")
                {
                    i++;
                }
            }
        }

        string? range = null;
        if (Peek(tokens, i + 1) is { Kind: TokenKind.Range } rangeToken)
        {
            range = rangeToken.Text;
            i++;
        }

        var enclosing = calls.Select(c => c.Function).OfType<string>().Reverse().ToList();
        return new PromSelector(metric, matchers, range, enclosing);
    }

    private static Token? Peek(List<Token> tokens, int index) => index < tokens.Count ? tokens[index] : null;

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c is '"' or '\'' or '`')
            {
                var value = new StringBuilder();
                i++;
                while (text[i] != c)
                {
                    if (text[i] == '\\' && c != '`')
                    {
                        i++;
                        value.Append(text[i] switch { 'n' => '\n', 't' => '\t', var other => other });
                    }
                    else
                    {
                        value.Append(text[i]);
                    }

                    i++;
                }

                i++;
                tokens.Add(new Token(TokenKind.String, value.ToString()));
            }
            else if (c == '[')
            {
                var end = text.IndexOf(']', i);
                tokens.Add(new Token(TokenKind.Range, text[(i + 1)..end].Trim()));
                i = end + 1;
            }
            else if (char.IsLetter(c) || c is '_' or ':')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or ':'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Identifier, text[start..i]));
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '.' or '+' or '-') && !(text[i] is '+' or '-' && text[i - 1] is not ('e' or 'E')))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Number, text[start..i]));
            }
            else if (c is '(' or ')' or '{' or '}' or ',')
            {
                tokens.Add(new Token(TokenKind.Punctuation, c.ToString()));
                i++;
            }
            else if (i + 1 < text.Length && text.Substring(i, 2) is "=~" or "!~" or "!=" or "==" or "<=" or ">=")
            {
                tokens.Add(new Token(TokenKind.Operator, text.Substring(i, 2)));
                i += 2;
            }
            else if ("=<>+-*/%^".Contains(c, StringComparison.Ordinal))
            {
                tokens.Add(new Token(TokenKind.Operator, c.ToString()));
                i++;
            }
            else
            {
                throw new FormatException($"Unexpected '{c}' at {i} in: {text}");
            }
        }

        return tokens;
    }

    private enum TokenKind
    {
        Identifier,
        String,
        Number,
        Range,
        Punctuation,
        Operator,
    }

    private sealed record Token(TokenKind Kind, string Text);
}
