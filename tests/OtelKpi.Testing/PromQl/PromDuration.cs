using System.Globalization;
using System.Text.RegularExpressions;

namespace OtelKpi.Testing.PromQl;

/// <summary>Prometheus durations: 5m, 1h30m, 3d, 500ms.</summary>
public static partial class PromDuration
{
    /// <summary>True when <paramref name="text"/> is a duration as a whole.</summary>
    public static bool IsDuration(string text) => Whole().IsMatch(text);

    /// <summary>Parses a Prometheus duration.</summary>
    public static TimeSpan Parse(string text)
    {
        if (!IsDuration(text))
        {
            throw new FormatException($"'{text}' is not a Prometheus duration.");
        }

        return Part().Matches(text).Aggregate(TimeSpan.Zero, (total, part) =>
        {
            var amount = long.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            return total + part.Groups[2].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                "d" => TimeSpan.FromDays(amount),
                "w" => TimeSpan.FromDays(7 * amount),
                _ => TimeSpan.FromDays(365 * amount),
            };
        });
    }

    [GeneratedRegex("([0-9]+)(ms|[smhdwy])")]
    private static partial Regex Part();

    [GeneratedRegex(@"\A(?:[0-9]+(?:ms|[smhdwy]))+\z")]
    private static partial Regex Whole();
}
