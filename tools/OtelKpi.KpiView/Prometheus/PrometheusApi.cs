using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace OtelKpi.KpiView.Prometheus;

/// <summary>One series of an instant query's answer.</summary>
/// <param name="Labels">The series' labels.</param>
/// <param name="Value">Its value (NaN and infinities included, as Prometheus sends them).</param>
internal sealed record InstantSample(IReadOnlyDictionary<string, string> Labels, double Value);

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
    public async Task<IReadOnlyList<InstantSample>> QueryAsync(string promql, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["query"] = promql });
        JsonElement body;
        try
        {
            using var response = await http.PostAsync(new Uri("api/v1/query", UriKind.Relative), form, cancellationToken).ConfigureAwait(false);
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

        var data = body.GetProperty("data");
        var result = data.GetProperty("result");
        return data.GetProperty("resultType").GetString() switch
        {
            "vector" => result.EnumerateArray().Select(s => new InstantSample(
                s.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
                ParseValue(s.GetProperty("value")[1].GetString()!))).ToList(),
            "scalar" => [new InstantSample(new Dictionary<string, string>(), ParseValue(result[1].GetString()!))],
            var other => throw new PrometheusQueryException($"Unexpected result type {other} for an instant query."),
        };
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
