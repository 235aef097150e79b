using System.Globalization;
using System.Text.RegularExpressions;
using OtelKpi.Testing.PromQl;

namespace OtelKpi.Rules.Tests.Support;

/// <summary>promtool's notation for input series: <c>name{label="value"}</c> and <c>a+bxN</c> values.</summary>
public static partial class SeriesNotation
{
    /// <summary>
    /// The values of <c>a+bxN a-bxN axN _ _xN stale v</c>, expanded the way promtool does: by repeated addition
    /// in double precision, so a fraction like 0.1 accumulates the same rounding error. Missing and stale
    /// samples are NaN.
    /// </summary>
    public static IReadOnlyList<double> Expand(string values)
    {
        var result = new List<double>();
        foreach (var token in values.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var match = Segment().Match(token);
            if (token is "_" or "stale")
            {
                result.Add(double.NaN);
            }
            else if (token.StartsWith("_x", StringComparison.Ordinal))
            {
                result.AddRange(Enumerable.Repeat(double.NaN, int.Parse(token[2..], CultureInfo.InvariantCulture)));
            }
            else if (match.Success)
            {
                var value = Number(match.Groups["start"].Value);
                var step = match.Groups["step"].Success ? Number(match.Groups["step"].Value) * (match.Groups["sign"].Value == "-" ? -1 : 1) : 0;
                var times = int.Parse(match.Groups["times"].Value, CultureInfo.InvariantCulture);
                result.Add(value);
                for (var i = 0; i < times; i++)
                {
                    value += step;
                    result.Add(value);
                }
            }
            else
            {
                result.Add(Number(token));
            }
        }

        return result;
    }

    /// <summary>The metric name and labels of a series description, read by the Prometheus project's PromQL grammar.</summary>
    public static (string Name, IReadOnlyDictionary<string, string> Labels) Describe(string series)
    {
        var selector = Assert.Single(PromQlExpression.Parse(series).Selectors);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var matcher in selector.Matchers)
        {
            Assert.True(matcher.Operator == "=", $"an input series has only = matchers: {series}");
            labels[matcher.Label] = matcher.Value;
        }

        return (selector.Metric ?? labels.GetValueOrDefault("__name__", string.Empty), labels);
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<start>-?[0-9.e+]+?)(?:(?<sign>[+-])(?<step>[0-9.e+]+))?x(?<times>[0-9]+)$")]
    private static partial Regex Segment();
}
