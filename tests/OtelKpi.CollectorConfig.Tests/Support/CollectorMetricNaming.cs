namespace OtelKpi.CollectorConfig.Tests.Support;

/// <summary>The kinds of metric the name translation distinguishes.</summary>
public enum TranslatedMetricType
{
    /// <summary>An OTLP gauge.</summary>
    Gauge,

    /// <summary>A monotonic sum (a counter): gets <c>_total</c>.</summary>
    MonotonicCounter,

    /// <summary>A non-monotonic sum (an up-down counter): a Prometheus gauge, no <c>_total</c>.</summary>
    NonMonotonicCounter,

    /// <summary>An explicit-bucket histogram.</summary>
    Histogram,
}

/// <summary>
/// How the collector's Prometheus exporters name an OTLP metric with translation_strategy
/// UnderscoreEscapingWithSuffixes (otelcol-contrib 0.159.0 builds names with github.com/prometheus/otlptranslator
/// v1.0.0, MetricNamer with suffixes and no UTF-8). Written from the documented rules, not from that code:
/// <list type="number">
/// <item>The name is split into tokens at every character outside [a-zA-Z0-9:] (so "." and "_" both separate, and runs collapse).</item>
/// <item>The unit is split at its first "/" into a main and a "per" unit. A part that is empty or contains "{" or "}" adds
/// nothing. Known UCUM units map to words (s seconds, ms milliseconds, By bytes, 1 nothing, % percent, ...); others are used
/// as written, invalid characters becoming "_". The per unit is "per_" + its word (s second, m minute, h hour, ...).</item>
/// <item>Each unit part is appended as a token unless a token equal to it is already in the name.</item>
/// <item>Monotonic counters drop any "total" token and end with "total"; gauges with unit "1" do the same with "ratio".</item>
/// <item>Tokens are joined with "_"; a leading digit gets a "_" prefix.</item>
/// </list>
/// </summary>
internal static class CollectorMetricNaming
{
    private static readonly Dictionary<string, string> MainUnits = new(StringComparer.Ordinal)
    {
        ["d"] = "days", ["h"] = "hours", ["min"] = "minutes", ["s"] = "seconds", ["ms"] = "milliseconds",
        ["us"] = "microseconds", ["ns"] = "nanoseconds",
        ["By"] = "bytes", ["KiBy"] = "kibibytes", ["MiBy"] = "mebibytes", ["GiBy"] = "gibibytes", ["TiBy"] = "tibibytes",
        ["KBy"] = "kilobytes", ["MBy"] = "megabytes", ["GBy"] = "gigabytes", ["TBy"] = "terabytes",
        ["m"] = "meters", ["V"] = "volts", ["A"] = "amperes", ["J"] = "joules", ["W"] = "watts", ["g"] = "grams",
        ["Cel"] = "celsius", ["Hz"] = "hertz", ["1"] = string.Empty, ["%"] = "percent",
    };

    private static readonly Dictionary<string, string> PerUnits = new(StringComparer.Ordinal)
    {
        ["s"] = "second", ["m"] = "minute", ["h"] = "hour", ["d"] = "day", ["w"] = "week", ["mo"] = "month", ["y"] = "year",
    };

    /// <summary>The translation type of an OTLP metric, as the exporters classify it.</summary>
    public static TranslatedMetricType TypeOf(Otlp.OtlpMetric metric) => metric.Type switch
    {
        Otlp.OtlpDataType.Gauge => TranslatedMetricType.Gauge,
        Otlp.OtlpDataType.Sum => metric.IsMonotonic ? TranslatedMetricType.MonotonicCounter : TranslatedMetricType.NonMonotonicCounter,
        Otlp.OtlpDataType.Histogram => TranslatedMetricType.Histogram,
        var other => throw new NotSupportedException($"{metric.Name}: {other} is not exported by OtelKpi."),
    };

    /// <summary>The Prometheus TYPE the series get: counter, gauge or histogram.</summary>
    public static string PrometheusType(TranslatedMetricType type) => type switch
    {
        TranslatedMetricType.MonotonicCounter => "counter",
        TranslatedMetricType.Histogram => "histogram",
        _ => "gauge",
    };

    /// <summary>The Prometheus metric family name.</summary>
    public static string Name(string name, string unit, TranslatedMetricType type)
    {
        var tokens = Tokens(name).ToList();
        var slash = unit.IndexOf('/', StringComparison.Ordinal);
        var main = UnitWord(slash < 0 ? unit : unit[..slash], MainUnits);
        var per = slash < 0 ? string.Empty : UnitWord(unit[(slash + 1)..], PerUnits);

        if (main.Length > 0 && !tokens.Contains(main))
        {
            tokens.Add(main);
        }

        if (per.Length > 0 && !tokens.Contains("per_" + per))
        {
            tokens.Add("per_" + per);
        }

        if (type == TranslatedMetricType.MonotonicCounter)
        {
            tokens.RemoveAll(t => t == "total");
            tokens.Add("total");
        }

        if (unit == "1" && type == TranslatedMetricType.Gauge)
        {
            tokens.RemoveAll(t => t == "ratio");
            tokens.Add("ratio");
        }

        var joined = string.Join('_', tokens);
        return joined.Length > 0 && char.IsAsciiDigit(joined[0]) ? "_" + joined : joined;
    }

    /// <summary>A label name: every character outside [a-zA-Z0-9_] becomes "_"; a leading digit gets "key_".</summary>
    public static string LabelName(string attributeKey)
    {
        var name = new string(attributeKey.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray());
        return name.Length > 0 && char.IsAsciiDigit(name[0]) ? "key_" + name : name;
    }

    private static string[] Tokens(string text) =>
        text.Split(text.Where(c => !char.IsAsciiLetterOrDigit(c) && c != ':').Distinct().ToArray(), StringSplitOptions.RemoveEmptyEntries);

    private static string UnitWord(string part, Dictionary<string, string> words)
    {
        part = part.Trim();
        if (part.Length == 0 || part.Contains('{', StringComparison.Ordinal) || part.Contains('}', StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var word = words.TryGetValue(part, out var known) ? known : part;
        return string.Join('_', Tokens(word));
    }
}
