using System.Text;
using OpenTelemetry.Metrics;

namespace OtelKpi.Internal.Exposition;

/// <summary>
/// The Prometheus name of an OpenTelemetry metric, as OpenTelemetry's Prometheus exporter translates it for the
/// text format with its default strategy (underscores, with suffixes): characters outside <c>[A-Za-z0-9:]</c>
/// become one underscore per run, a leading digit becomes an underscore, the unit is translated (annotations in
/// braces dropped, <c>s</c> → <c>seconds</c>, <c>x/y</c> → <c>x_per_y</c>, <c>1</c> → nothing) and appended unless
/// the name already ends with it, and monotonic sums get <c>_total</c>.
/// </summary>
internal static class PrometheusName
{
    public static string Of(Metric metric, PrometheusFamilyType type)
    {
        var name = SanitizeName(metric.Name);
        var unit = string.IsNullOrEmpty(metric.Unit) ? null : TranslateUnit(metric.Unit);

        if (unit is not null
            && !name.EndsWith(unit, StringComparison.Ordinal)
            && (type != PrometheusFamilyType.Counter || !name.EndsWith(unit + "_total", StringComparison.Ordinal)))
        {
            name = name + "_" + unit;
        }

        if (type == PrometheusFamilyType.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return name;
    }

    private static bool IsNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c == ':';

    private static string SanitizeName(string name)
    {
        var result = new StringBuilder(name.Length);
        var afterUnderscore = false;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (i == 0 && char.IsAsciiDigit(c))
            {
                result.Append('_');
                afterUnderscore = true;
            }
            else if (IsNameCharacter(c))
            {
                result.Append(c);
                afterUnderscore = false;
            }
            else if (!afterUnderscore)
            {
                result.Append('_');
                afterUnderscore = true;
            }
        }

        return result.ToString();
    }

    private static string TranslateUnit(string unit)
    {
        unit = WithoutAnnotations(unit);
        var slash = unit.IndexOf('/', StringComparison.Ordinal);
        unit = slash >= 0 && slash < unit.Length - 1
            ? BaseUnit(unit[..slash]) + "_per_" + PerUnit(unit[(slash + 1)..])
            : BaseUnit(unit);

        var result = new StringBuilder(unit.Length);
        var afterUnderscore = false;
        foreach (var c in unit)
        {
            if (IsNameCharacter(c))
            {
                result.Append(c);
                afterUnderscore = false;
            }
            else if (!afterUnderscore)
            {
                result.Append('_');
                afterUnderscore = true;
            }
        }

        return result.ToString().Trim('_');
    }

    /// <summary>Drops every <c>{...}</c> annotation; an opening brace never closed stays as it is.</summary>
    private static string WithoutAnnotations(string unit)
    {
        var open = unit.IndexOf('{', StringComparison.Ordinal);
        if (open < 0)
        {
            return unit;
        }

        var result = new StringBuilder(unit.Length);
        var kept = 0;
        while (open >= 0)
        {
            var close = unit.IndexOf('}', open + 1);
            if (close < 0)
            {
                break;
            }

            result.Append(unit, kept, open - kept);
            kept = close + 1;
            open = unit.IndexOf('{', kept);
        }

        return result.Append(unit, kept, unit.Length - kept).ToString();
    }

    private static string BaseUnit(string unit) => unit switch
    {
        "d" => "days",
        "h" => "hours",
        "min" => "minutes",
        "s" => "seconds",
        "ms" => "milliseconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "By" or "B" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        "GiBy" => "gibibytes",
        "TiBy" => "tibibytes",
        "KBy" or "KB" => "kilobytes",
        "MBy" or "MB" => "megabytes",
        "GBy" or "GB" => "gigabytes",
        "TBy" or "TB" => "terabytes",
        "m" => "meters",
        "V" => "volts",
        "A" => "amperes",
        "J" => "joules",
        "W" => "watts",
        "g" => "grams",
        "Cel" => "celsius",
        "Hz" => "hertz",
        "1" => string.Empty,
        "%" => "percent",
        "$" => "dollars",
        _ => unit,
    };

    private static string PerUnit(string unit) => unit switch
    {
        "s" => "second",
        "m" => "minute",
        "h" => "hour",
        "d" => "day",
        "w" => "week",
        "mo" => "month",
        "y" => "year",
        _ => unit,
    };
}
