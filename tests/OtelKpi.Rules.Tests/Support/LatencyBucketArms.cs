using System.Globalization;
using System.Text.RegularExpressions;

namespace OtelKpi.Rules.Tests.Support;

/// <summary>One arm of the slow-request rule: the bucket it selects and the one T it applies to.</summary>
/// <param name="LePattern">The regular expression matched against the <c>le</c> label.</param>
/// <param name="Boundary">The value T must equal for the arm to apply (<c>T == Boundary</c>).</param>
public sealed record LatencyBucketArm(string LePattern, double Boundary)
{
    /// <summary>True when the pattern matches <paramref name="le"/> as a whole, as Prometheus' =~ does.</summary>
    public bool Selects(string le) => Regex.IsMatch(le, "^(?:" + this.LePattern + ")$", RegexOptions.CultureInvariant);
}

/// <summary>
/// Reads the arms of job:http_server_slow_requests:rate5m, which picks, per job, the bucket whose boundary is
/// the job's latency objective threshold T.
/// </summary>
public static partial class LatencyBucketArms
{
    /// <summary>The recorded series whose rule holds the arms.</summary>
    public const string SlowRequestsRule = "job:http_server_slow_requests:rate5m";

    /// <summary>The arms in the order they are written.</summary>
    public static IReadOnlyList<LatencyBucketArm> Of(string expression) =>
        Arm().Matches(expression)
            .Select(m => new LatencyBucketArm(m.Groups["le"].Value.Replace(@"\\", @"\", StringComparison.Ordinal), double.Parse(m.Groups["t"].Value, CultureInfo.InvariantCulture)))
            .ToList();

    /// <summary>How Prometheus 2 writes a boundary in the <c>le</c> label ("0.5", "1", "10").</summary>
    public static string Prometheus2Spelling(double boundary) => boundary.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>How Prometheus 3 normalises it: always with a fraction ("1.0", "10.0").</summary>
    public static string Prometheus3Spelling(double boundary)
    {
        var text = Prometheus2Spelling(boundary);
        return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
    }

    [GeneratedRegex(@"\{le=~""(?<le>[^""]+)""\}\)\s*and on \([a-z_, ]*\) \(otelkpi:latency_objective_threshold_seconds == (?<t>[0-9.]+)\)")]
    private static partial Regex Arm();
}
