using YamlDotNet.Serialization;

namespace OtelKpi.Rules.Tests.Support;

/// <summary>A Prometheus rule file, as promtool and Prometheus read it.</summary>
public sealed class RuleFile
{
    /// <summary>The file, relative to the repository root.</summary>
    [YamlIgnore]
    public string Path { get; private set; } = string.Empty;

    /// <summary>The rule groups.</summary>
    public List<RuleGroup> Groups { get; set; } = [];

    /// <summary>Reads a rule file; unknown keys fail, so a typo cannot hide a rule property.</summary>
    public static RuleFile Load(string relativePath) => WithPath(PrometheusYaml.Load<RuleFile>(relativePath), relativePath);

    /// <summary>Parses rule file text (for tests of the checks themselves).</summary>
    public static RuleFile Parse(string yaml, string name) => WithPath(PrometheusYaml.Parse<RuleFile>(yaml), name);

    private static RuleFile WithPath(RuleFile file, string path)
    {
        file.Path = path;
        foreach (var rule in file.Groups.SelectMany(g => g.Rules))
        {
            rule.File = path;
        }

        return file;
    }
}

/// <summary>One rule group.</summary>
public sealed class RuleGroup
{
    /// <summary>The group name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The group's evaluation interval, when it overrides the global one.</summary>
    public string? Interval { get; set; }

    /// <summary>The maximum number of alerts or series, when limited.</summary>
    public int? Limit { get; set; }

    /// <summary>The rules, evaluated in this order.</summary>
    public List<Rule> Rules { get; set; } = [];
}

/// <summary>A recording or alerting rule.</summary>
public sealed class Rule
{
    /// <summary>The file the rule is in, relative to the repository root.</summary>
    [YamlIgnore]
    public string File { get; set; } = string.Empty;

    /// <summary>The recorded series name, for a recording rule.</summary>
    public string? Record { get; set; }

    /// <summary>The alert name, for an alerting rule.</summary>
    public string? Alert { get; set; }

    /// <summary>The PromQL expression.</summary>
    public string Expr { get; set; } = string.Empty;

    /// <summary>How long the condition must hold before the alert fires.</summary>
    public string? For { get; set; }

    /// <summary>How long the alert keeps firing after the condition stops holding.</summary>
    public string? KeepFiringFor { get; set; }

    /// <summary>Labels added to the result.</summary>
    public Dictionary<string, string> Labels { get; set; } = [];

    /// <summary>Alert annotations (templates).</summary>
    public Dictionary<string, string> Annotations { get; set; } = [];

    /// <summary>The name the rule is known by: its record or alert name.</summary>
    public string Name => this.Record ?? this.Alert ?? "(unnamed)";

    /// <inheritdoc />
    public override string ToString() => $"{this.Name} ({this.File})";
}
