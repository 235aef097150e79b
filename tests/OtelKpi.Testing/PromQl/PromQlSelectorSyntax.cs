using System.Globalization;
using System.Text;

namespace OtelKpi.Testing.PromQl;

/// <summary>Reads selectors, matchers and strings out of a <see cref="PromQlSyntaxNode"/> tree.</summary>
public static class PromQlSelectorSyntax
{
    /// <summary>The metric name of a <c>VectorSelector</c>, or null when it names none (<c>{job="x"}</c>).</summary>
    public static string? MetricName(PromQlSyntaxNode vectorSelector)
    {
        ArgumentNullException.ThrowIfNull(vectorSelector);
        if (vectorSelector.Child("Identifier") is { } identifier)
        {
            return identifier.Text;
        }

        var quoted = vectorSelector.Child("LabelMatchers")?.Child("QuotedLabelName")?.Child("StringLiteral");
        return quoted is null ? null : Unquote(quoted);
    }

    /// <summary>The label matchers of a <c>VectorSelector</c>, in order (a quoted metric name is not one).</summary>
    public static IReadOnlyList<PromQlMatcher> Matchers(PromQlSyntaxNode vectorSelector)
    {
        ArgumentNullException.ThrowIfNull(vectorSelector);
        var matchers = vectorSelector.Child("LabelMatchers")?.Children ?? [];
        return matchers
            .Where(m => m.Type is "UnquotedLabelMatcher" or "QuotedLabelMatcher")
            .Select(m => new PromQlMatcher(
                m.Child("LabelName")?.Text ?? Unquote(m.Child("QuotedLabelName")!.Child("StringLiteral")!),
                m.Child("MatchOp")!.Text,
                Unquote(m.Children.Last(c => c.Type == "StringLiteral"))))
            .ToList();
    }

    /// <summary>The value of a <c>StringLiteral</c>: quotes removed, escapes resolved as Go's strconv.Unquote does.</summary>
    public static string Unquote(PromQlSyntaxNode stringLiteral)
    {
        ArgumentNullException.ThrowIfNull(stringLiteral);
        var text = stringLiteral.Text;
        if (text.Length < 2)
        {
            throw new FormatException($"Not a string literal: {text}");
        }

        var body = text[1..^1];
        if (text[0] == '`')
        {
            return body;
        }

        var value = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != '\\' || i + 1 == body.Length)
            {
                value.Append(body[i]);
                continue;
            }

            var escape = body[++i];
            switch (escape)
            {
                case 'a': value.Append('\a'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'n': value.Append('\n'); break;
                case 'r': value.Append('\r'); break;
                case 't': value.Append('\t'); break;
                case 'v': value.Append('\v'); break;
                case 'x' when i + 2 < body.Length:
                    value.Append((char)int.Parse(body.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                case 'u' when i + 4 < body.Length:
                    value.Append((char)int.Parse(body.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                default: value.Append(escape); break; // \\ \" \' and anything else stand for themselves
            }
        }

        return value.ToString();
    }
}
