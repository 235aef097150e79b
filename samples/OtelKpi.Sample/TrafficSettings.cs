using System.Globalization;
using System.Text.Json.Serialization;

namespace OtelKpi.Sample;

/// <summary>
/// What the traffic generator sends, as it can change at run time (<see cref="TrafficControl"/>).
/// </summary>
/// <param name="Enabled">Whether it sends at all.</param>
/// <param name="RequestsPerSecond">Requests per second, 1 to 2000.</param>
/// <param name="ErrorRatio">Share of requests that end in a 5xx, 0 to 1: one request in round(1 / ratio).</param>
/// <param name="SlowRatio">Share of requests to the slow reports route, 0 to 1: one in round(1 / ratio).</param>
/// <param name="SlowSeconds">Average duration of a report in seconds, 0.01 to 60 (each takes 2/3 to 4/3 of it).</param>
public sealed record TrafficSettings(bool Enabled, double RequestsPerSecond, double ErrorRatio, double SlowRatio, double SlowSeconds)
{
    /// <summary>The defaults: healthy traffic that fires no alert (errors and slow requests well inside their budgets).</summary>
    public static TrafficSettings Default { get; } = new(Enabled: false, RequestsPerSecond: 20, ErrorRatio: 0.0005, SlowRatio: 0.005, SlowSeconds: 0.9);

    /// <summary>One message per value outside its range, each naming its key with <paramref name="prefix"/>.</summary>
    public IEnumerable<string> Problems(string prefix)
    {
        if (this.RequestsPerSecond is not (>= 1 and <= 2000))
        {
            yield return $"{prefix}RequestsPerSecond is {Show(this.RequestsPerSecond)}; allowed: 1 to 2000.";
        }

        if (this.ErrorRatio is not (>= 0 and <= 1))
        {
            yield return $"{prefix}ErrorRatio is {Show(this.ErrorRatio)}; allowed: 0 to 1.";
        }

        if (this.SlowRatio is not (>= 0 and <= 1))
        {
            yield return $"{prefix}SlowRatio is {Show(this.SlowRatio)}; allowed: 0 to 1.";
        }

        if (this.SlowSeconds is not (>= 0.01 and <= 60))
        {
            yield return $"{prefix}SlowSeconds is {Show(this.SlowSeconds)}; allowed: 0.01 to 60.";
        }
    }

    /// <summary>These settings with the values <paramref name="change"/> gives.</summary>
    public TrafficSettings With(TrafficChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new(
            change.Enabled ?? this.Enabled,
            change.RequestsPerSecond ?? this.RequestsPerSecond,
            change.ErrorRatio ?? this.ErrorRatio,
            change.SlowRatio ?? this.SlowRatio,
            change.SlowSeconds ?? this.SlowSeconds);
    }

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The body of <c>POST /traffic</c>: the values to change; the others keep theirs. Unknown keys are refused.</summary>
/// <param name="Enabled">Whether to send traffic.</param>
/// <param name="RequestsPerSecond">Requests per second.</param>
/// <param name="ErrorRatio">Share of 5xx.</param>
/// <param name="SlowRatio">Share of slow requests.</param>
/// <param name="SlowSeconds">Average duration of a slow request.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TrafficChange(bool? Enabled, double? RequestsPerSecond, double? ErrorRatio, double? SlowRatio, double? SlowSeconds);
