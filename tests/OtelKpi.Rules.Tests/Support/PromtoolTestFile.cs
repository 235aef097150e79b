using YamlDotNet.Serialization;

namespace OtelKpi.Rules.Tests.Support;

/// <summary>A promtool unit test file (promtool test rules), as Prometheus 2.42 reads it.</summary>
public sealed class PromtoolTestFile
{
    /// <summary>The file, relative to the repository root.</summary>
    [YamlIgnore]
    public string Path { get; private set; } = string.Empty;

    /// <summary>Rule files, relative to the test file.</summary>
    public List<string> RuleFiles { get; set; } = [];

    /// <summary>How often the rules are evaluated.</summary>
    public string? EvaluationInterval { get; set; }

    /// <summary>The order rule groups are evaluated in at each step.</summary>
    public List<string> GroupEvalOrder { get; set; } = [];

    /// <summary>The test groups.</summary>
    public List<PromtoolTestGroup> Tests { get; set; } = [];

    /// <summary>The rule files, relative to the repository root.</summary>
    public IEnumerable<string> RuleFilesFromRoot => this.RuleFiles.Select(f =>
        System.IO.Path.GetRelativePath(OtelKpi.Testing.RepositoryPaths.Root,
            System.IO.Path.GetFullPath(System.IO.Path.Combine(OtelKpi.Testing.RepositoryPaths.Of(System.IO.Path.GetDirectoryName(this.Path)!), f)))
        .Replace(System.IO.Path.DirectorySeparatorChar, '/'));

    /// <summary>Reads a test file; unknown keys fail.</summary>
    public static PromtoolTestFile Load(string relativePath)
    {
        var file = PrometheusYaml.Load<PromtoolTestFile>(relativePath);
        file.Path = relativePath;
        return file;
    }
}

/// <summary>One test group: input series and the expectations on them.</summary>
public sealed class PromtoolTestGroup
{
    /// <summary>The group's name.</summary>
    public string? Name { get; set; }

    /// <summary>The interval between input samples.</summary>
    public string? Interval { get; set; }

    /// <summary>External labels available to templates.</summary>
    public Dictionary<string, string> ExternalLabels { get; set; } = [];

    /// <summary>The input series.</summary>
    public List<PromtoolInputSeries> InputSeries { get; set; } = [];

    /// <summary>Expectations on expressions.</summary>
    public List<PromtoolExpressionTest> PromqlExprTest { get; set; } = [];

    /// <summary>Expectations on alerts.</summary>
    public List<PromtoolAlertTest> AlertRuleTest { get; set; } = [];
}

/// <summary>One input series and its values in expanding notation.</summary>
public sealed class PromtoolInputSeries
{
    /// <summary>The series, name and labels.</summary>
    public string Series { get; set; } = string.Empty;

    /// <summary>The values, such as <c>0+60x20 1200x10</c>.</summary>
    public string Values { get; set; } = string.Empty;
}

/// <summary>An expected result of an expression at a time.</summary>
public sealed class PromtoolExpressionTest
{
    /// <summary>The expression.</summary>
    public string Expr { get; set; } = string.Empty;

    /// <summary>When it is evaluated.</summary>
    public string EvalTime { get; set; } = string.Empty;

    /// <summary>The expected samples; none means the result must be empty.</summary>
    public List<PromtoolSample> ExpSamples { get; set; } = [];
}

/// <summary>An expected sample.</summary>
public sealed class PromtoolSample
{
    /// <summary>The series, name and labels.</summary>
    public string Labels { get; set; } = string.Empty;

    /// <summary>The value.</summary>
    public string Value { get; set; } = string.Empty;
}

/// <summary>The alerts expected to fire at a time.</summary>
public sealed class PromtoolAlertTest
{
    /// <summary>When alerts are checked.</summary>
    public string EvalTime { get; set; } = string.Empty;

    /// <summary>The alert checked.</summary>
    public string Alertname { get; set; } = string.Empty;

    /// <summary>Exactly the firing alerts of that name; none means none may fire.</summary>
    public List<PromtoolExpectedAlert> ExpAlerts { get; set; } = [];
}

/// <summary>One expected firing alert.</summary>
public sealed class PromtoolExpectedAlert
{
    /// <summary>Its labels (besides alertname).</summary>
    public Dictionary<string, string> ExpLabels { get; set; } = [];

    /// <summary>Its rendered annotations.</summary>
    public Dictionary<string, string> ExpAnnotations { get; set; } = [];
}
