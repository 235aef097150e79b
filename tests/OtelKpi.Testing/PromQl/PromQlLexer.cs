using System.Globalization;
using System.Text;

namespace OtelKpi.Testing.PromQl;

/// <summary>
/// Splits a PromQL expression into tokens. It covers the language the rules and dashboards use (selectors,
/// matchers, ranges, functions, aggregations, binary operators with their modifiers, comments, and in the
/// <see cref="PromQlDialect.Grafana"/> dialect template variables) and throws on any character it does not
/// know, so that the checks built on it never silently skip part of an expression.
/// </summary>
public static class PromQlLexer
{
    private static readonly string[] Operators = ["==", "!=", ">=", "<=", "=~", "!~", "=", ">", "<", "+", "-", "*", "/", "%", "^", "@"];

    /// <summary>The tokens of <paramref name="expression"/>.</summary>
    public static IReadOnlyList<PromQlToken> Tokenize(string expression, PromQlDialect dialect = PromQlDialect.Prometheus)
    {
        var tokens = new List<PromQlToken>();
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#')
            {
                while (i < expression.Length && expression[i] != '\n')
                {
                    i++;
                }
            }
            else if (char.IsAsciiLetter(c) || c == '_' || c == ':' && !IsSubqueryColon(tokens))
            {
                var start = i;
                while (i < expression.Length && IsNameCharacter(expression[i]))
                {
                    i++;
                }

                tokens.Add(new PromQlToken(PromQlTokenKind.Identifier, expression[start..i], start));
            }
            else if (char.IsAsciiDigit(c) || c == '.' && i + 1 < expression.Length && char.IsAsciiDigit(expression[i + 1]))
            {
                tokens.Add(ReadNumberOrDuration(expression, ref i));
            }
            else if (c is '"' or '\'' or '`')
            {
                tokens.Add(ReadString(expression, ref i));
            }
            else if (c is '(' or ')' or '{' or '}' or '[' or ']' or ',' or ':')
            {
                tokens.Add(new PromQlToken(PromQlTokenKind.Punctuation, c.ToString(), i));
                i++;
            }
            else if (c == '$' && dialect == PromQlDialect.Grafana)
            {
                tokens.Add(ReadVariable(expression, ref i));
            }
            else
            {
                var op = Operators.FirstOrDefault(o => string.CompareOrdinal(expression, i, o, 0, o.Length) == 0)
                    ?? throw new FormatException($"Unexpected character '{c}' at {i} in: {expression}");
                tokens.Add(new PromQlToken(PromQlTokenKind.Operator, op, i));
                i += op.Length;
            }
        }

        return tokens;
    }

    private static bool IsNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';

    // Inside a subquery range "[1h:5m]" the colon separates two durations; elsewhere it belongs to a name.
    private static bool IsSubqueryColon(List<PromQlToken> tokens) =>
        tokens.Count > 0 && tokens[^1].Kind == PromQlTokenKind.Duration;

    private static PromQlToken ReadNumberOrDuration(string expression, ref int i)
    {
        var start = i;
        while (i < expression.Length && (char.IsAsciiLetterOrDigit(expression[i]) || expression[i] == '.'
            || expression[i] is '+' or '-' && expression[i - 1] is 'e' or 'E'))
        {
            i++;
        }

        var text = expression[start..i];
        if (PromDuration.IsDuration(text))
        {
            return new PromQlToken(PromQlTokenKind.Duration, text, start);
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            throw new FormatException($"'{text}' at {start} is neither a number nor a duration.");
        }

        return new PromQlToken(PromQlTokenKind.Number, text, start);
    }

    private static PromQlToken ReadString(string expression, ref int i)
    {
        var quote = expression[i];
        var start = i;
        i++;
        var value = new StringBuilder();
        while (i < expression.Length && expression[i] != quote)
        {
            if (expression[i] == '\\' && quote != '`' && i + 1 < expression.Length)
            {
                i++;
                value.Append(expression[i] switch { 'n' => '\n', 't' => '\t', var other => other });
            }
            else
            {
                value.Append(expression[i]);
            }

            i++;
        }

        if (i >= expression.Length)
        {
            throw new FormatException($"Unterminated string at {start} in: {expression}");
        }

        i++;
        return new PromQlToken(PromQlTokenKind.String, value.ToString(), start);
    }

    // $name or ${name} (also ${name:format}), the forms Grafana substitutes in a query.
    private static PromQlToken ReadVariable(string expression, ref int i)
    {
        var start = i;
        i++;
        if (i < expression.Length && expression[i] == '{')
        {
            var end = expression.IndexOf('}', i);
            if (end < 0)
            {
                throw new FormatException($"Unterminated variable at {start} in: {expression}");
            }

            i = end + 1;
        }
        else
        {
            while (i < expression.Length && (char.IsAsciiLetterOrDigit(expression[i]) || expression[i] == '_'))
            {
                i++;
            }
        }

        if (expression[start..i] is "$" or "${}")
        {
            throw new FormatException($"A '$' without a variable name at {start} in: {expression}");
        }

        return new PromQlToken(PromQlTokenKind.Variable, expression[start..i], start);
    }
}
