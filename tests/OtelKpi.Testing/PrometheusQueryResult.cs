using System.Globalization;
using System.Text.Json;

namespace OtelKpi.Testing;

/// <summary>One series of a Prometheus query result: its labels and its points, oldest first.</summary>
/// <param name="Labels">The series' labels, including <c>__name__</c> when the result keeps it.</param>
/// <param name="Points">Timestamps (Unix seconds) and values; one point for an instant query.</param>
public sealed record PrometheusSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<(double Time, double Value)> Points)
{
    /// <summary>The value of the latest point.</summary>
    public double Value => this.Points[^1].Value;

    /// <summary>The label's value, or null when the series does not carry it.</summary>
    public string? Label(string name) => this.Labels.TryGetValue(name, out var value) ? value : null;

    /// <summary>The labels as <c>{a="1", b="2"}</c>, for failure messages.</summary>
    public override string ToString() =>
        "{" + string.Join(", ", this.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "} "
        + this.Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The data of a successful /api/v1/query or /api/v1/query_range answer.</summary>
/// <param name="ResultType">vector, matrix, scalar or string.</param>
/// <param name="Series">The series; a scalar is one series without labels.</param>
public sealed record PrometheusQueryResult(string ResultType, IReadOnlyList<PrometheusSeries> Series)
{
    /// <summary>True when no series came back: what Grafana shows as "No data".</summary>
    public bool IsEmpty => this.Series.Count == 0;

    /// <summary>The single series whose labels include all of <paramref name="labels"/>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Named after LINQ\'s Single, whose contract it has.")]
    public PrometheusSeries Single(params (string Name, string Value)[] labels) =>
        this.Series.Single(s => labels.All(l => s.Label(l.Name) == l.Value));

    /// <summary>Parses the <c>data</c> object of an answer.</summary>
    public static PrometheusQueryResult Parse(JsonElement data)
    {
        var type = data.GetProperty("resultType").GetString()!;
        var result = data.GetProperty("result");
        var series = type switch
        {
            "vector" => result.EnumerateArray().Select(s => new PrometheusSeries(Labels(s), [Point(s.GetProperty("value"))])).ToList(),
            "matrix" => result.EnumerateArray().Select(s => new PrometheusSeries(Labels(s), s.GetProperty("values").EnumerateArray().Select(Point).ToList())).ToList(),
            "scalar" => [new PrometheusSeries(new Dictionary<string, string>(), [Point(result)])],
            _ => throw new FormatException($"Unexpected result type {type}."),
        };
        return new PrometheusQueryResult(type, series);
    }

    private static Dictionary<string, string> Labels(JsonElement series) =>
        series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);

    private static (double, double) Point(JsonElement pair) =>
        (pair[0].GetDouble(), ParseValue(pair[1].GetString()!));

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
