using System.Text.RegularExpressions;

namespace OtelKpi.Rules.Tests.Support;

/// <summary>
/// The naming convention of recorded series, <c>level:metric:operations</c>, where the level lists the
/// labels the result keeps: <c>job_route:http_server_requests:rate5m</c> has <c>job</c> and <c>http_route</c>.
/// Objectives and thresholds are <c>otelkpi:name</c>, per job. A level that names <c>job</c> keeps the
/// topology labels above it too (<see cref="Topology.Labels"/>); an empty level (<c>:name:operations</c>)
/// is one series for the whole Prometheus.
/// </summary>
public static partial class RecordingLevel
{
    private static readonly Dictionary<string, string> LabelOfPart = new(StringComparer.Ordinal)
    {
        ["job"] = "job",
        ["route"] = "http_route",
        ["le"] = "le",
        ["instance"] = "instance",
    };

    /// <summary>True when <paramref name="name"/> follows the convention.</summary>
    public static bool IsWellFormed(string name) =>
        (Convention().IsMatch(name) || Objective().IsMatch(name)) && LabelsOf(name) is not null;

    /// <summary>The labels a recorded series of this name carries, or null when its level is unknown.</summary>
    public static IReadOnlySet<string>? LabelsOf(string name)
    {
        var level = name.Split(':')[0];
        if (level.Length == 0)
        {
            return new HashSet<string>();
        }

        if (level == "otelkpi")
        {
            return Topology.Labels.Append("job").ToHashSet();
        }

        var parts = level.Split('_');
        if (parts.Any(p => !LabelOfPart.ContainsKey(p)))
        {
            return null;
        }

        var labels = parts.Select(p => LabelOfPart[p]).ToHashSet();
        if (labels.Contains("instance"))
        {
            // An instance belongs to a job: the instance level keeps both.
            labels.Add("job");
        }

        if (labels.Contains("job"))
        {
            labels.UnionWith(Topology.Labels);
        }

        return labels;
    }

    [GeneratedRegex("^([a-z]+(_[a-z]+)*)?:[a-z][a-z0-9_]*:[a-z][a-z0-9_]*$")]
    private static partial Regex Convention();

    [GeneratedRegex("^otelkpi:[a-z][a-z0-9_]*$")]
    private static partial Regex Objective();
}
