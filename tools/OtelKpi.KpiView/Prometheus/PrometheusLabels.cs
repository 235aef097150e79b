using System.Net.Http.Json;
using System.Text.Json;

namespace OtelKpi.KpiView.Prometheus;

/// <summary>Label-values lookups (GET /api/v1/label/&lt;label&gt;/values), as Grafana runs them for variables.</summary>
internal sealed class PrometheusLabels(HttpClient http)
{
    /// <summary>The values of <paramref name="label"/> over the last hour, on series matching <paramref name="match"/>.</summary>
    public async Task<IReadOnlyList<string>> ValuesAsync(string label, string? match, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var query = $"api/v1/label/{Uri.EscapeDataString(label)}/values?start={now - 3600}&end={now}";
        if (match is not null)
        {
            query += "&match[]=" + Uri.EscapeDataString(match);
        }

        JsonElement body;
        try
        {
            body = await http.GetFromJsonAsync<JsonElement>(new Uri(query, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException)
        {
            throw new PrometheusQueryException($"Prometheus at {http.BaseAddress} did not answer: {e.Message}", e);
        }

        return body.GetProperty("data").EnumerateArray().Select(v => v.GetString()!).ToList();
    }
}
