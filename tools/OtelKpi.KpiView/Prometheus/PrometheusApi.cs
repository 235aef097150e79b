using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace OtelKpi.KpiView.Prometheus;

/// <summary>One series of an instant query's answer.</summary>
/// <param name="Labels">The series' labels.</param>
/// <param name="Value">Its value (NaN and infinities included, as Prometheus sends them).</param>
internal sealed record InstantSample(IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>One series of a range query's answer: its labels and its (time, value) points.</summary>
/// <param name="Labels">The series' labels.</param>
/// <param name="Points">Its values at the query's steps where it had one.</param>
internal sealed record RangeSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<(DateTimeOffset Time, double Value)> Points);

/// <summary>Prometheus answered with an error (bad query, timeout) or not like Prometheus.</summary>
internal sealed class PrometheusQueryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PrometheusQueryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public PrometheusQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PrometheusQueryException()
    {
    }
}

/// <summary>The few calls of the Prometheus HTTP API the view needs.</summary>
internal sealed class PrometheusApi(HttpClient http)
{
    /// <summary>Runs an instant query at the current time (POST /api/v1/query).</summary>
    public Task<IReadOnlyList<InstantSample>> QueryAsync(string promql, CancellationToken cancellationToken) =>
        this.QueryAsync(promql, null, cancellationToken);

    /// <summary>Runs an instant query (POST /api/v1/query) at <paramref name="time"/>, or now.</summary>
    public async Task<IReadOnlyList<InstantSample>> QueryAsync(string promql, DateTimeOffset? time, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string> { ["query"] = promql };
        if (time is { } at)
        {
            form["time"] = Seconds(at);
        }

        var data = await this.PostAsync("api/v1/query", form, cancellationToken).ConfigureAwait(false);
        var result = data.GetProperty("result");
        return data.GetProperty("resultType").GetString() switch
        {
            "vector" => result.EnumerateArray().Select(s => new InstantSample(
                Labels(s.GetProperty("metric")),
                ParseValue(s.GetProperty("value")[1].GetString()!))).ToList(),
            "scalar" => [new InstantSample(new Dictionary<string, string>(), ParseValue(result[1].GetString()!))],
            var other => throw new PrometheusQueryException($"Unexpected result type {other} for an instant query."),
        };
    }

    /// <summary>Runs a range query (POST /api/v1/query_range), as a Grafana time-series panel does.</summary>
    public async Task<IReadOnlyList<RangeSeries>> QueryRangeAsync(string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
    {
        var data = await this.PostAsync(
            "api/v1/query_range",
            new Dictionary<string, string>
            {
                ["query"] = promql,
                ["start"] = Seconds(start),
                ["end"] = Seconds(end),
                ["step"] = step.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            },
            cancellationToken).ConfigureAwait(false);
        return data.GetProperty("result").EnumerateArray().Select(s => new RangeSeries(
            Labels(s.GetProperty("metric")),
            s.GetProperty("values").EnumerateArray()
                .Select(v => (DateTimeOffset.FromUnixTimeMilliseconds((long)(v[0].GetDouble() * 1000)), ParseValue(v[1].GetString()!)))
                .ToList())).ToList();
    }

    /// <summary>The alerts Prometheus holds now, pending and firing (GET /api/v1/alerts).</summary>
    public async Task<IReadOnlyList<(string Name, string State, IReadOnlyDictionary<string, string> Labels, DateTimeOffset ActiveAt)>> AlertsAsync(CancellationToken cancellationToken)
    {
        JsonElement body;
        try
        {
            body = await http.GetFromJsonAsync<JsonElement>(new Uri("api/v1/alerts", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException)
        {
            throw new PrometheusQueryException($"Prometheus at {http.BaseAddress} did not answer: {e.Message}", e);
        }

        return body.GetProperty("data").GetProperty("alerts").EnumerateArray().Select(a =>
        {
            var labels = Labels(a.GetProperty("labels"));
            var activeAt = a.TryGetProperty("activeAt", out var at) && at.ValueKind == JsonValueKind.String ? DateTimeOffset.Parse(at.GetString()!, CultureInfo.InvariantCulture) : DateTimeOffset.MinValue;
            return (labels.GetValueOrDefault("alertname", ""), a.GetProperty("state").GetString()!, (IReadOnlyDictionary<string, string>)labels, activeAt);
        }).ToList();
    }

    private async Task<JsonElement> PostAsync(string path, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(form);
        JsonElement body;
        try
        {
            using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
            body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException)
        {
            throw new PrometheusQueryException($"Prometheus at {http.BaseAddress} did not answer: {e.Message}", e);
        }

        if (body.GetProperty("status").GetString() != "success")
        {
            throw new PrometheusQueryException($"{body.GetProperty("errorType").GetString()}: {body.GetProperty("error").GetString()}");
        }

        return body.GetProperty("data");
    }

    private static Dictionary<string, string> Labels(JsonElement metric) =>
        metric.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);

    private static string Seconds(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
