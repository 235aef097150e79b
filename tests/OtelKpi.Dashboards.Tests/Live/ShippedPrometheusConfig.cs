using OtelKpi.Testing;
using YamlDotNet.RepresentationModel;

namespace OtelKpi.Dashboards.Tests.Live;

/// <summary>
/// The test's Prometheus configuration, derived from the shipped deploy/prometheus/prometheus.yml so that the
/// shipped file is what is tested: only the intervals (short, so the run is fast), the scrape target (the
/// sample's port) and the rule file paths change. The rules are the repository's rules/*.yml, copied once per
/// test run with each group's own <c>interval:</c> removed, so that the groups that evaluate every 2 minutes in
/// production (long windows, SLO reporting) follow the test's short interval too.
/// </summary>
internal static class ShippedPrometheusConfig
{
    /// <summary>The shipped file.</summary>
    public const string Path = "deploy/prometheus/prometheus.yml";

    private static readonly Lazy<string> RulesAtTestInterval = new(CopyRulesWithoutGroupIntervals);

    /// <summary>The directory of this run's copies of rules/*.yml without group intervals.</summary>
    public static string RulesDirectory => RulesAtTestInterval.Value;

    /// <summary>The shipped file, parsed.</summary>
    public static YamlMappingNode Load() => Parse(File.ReadAllText(RepositoryPaths.Of(Path)));

    /// <summary>The one scrape job's name, which becomes the job label of the sample's series.</summary>
    public static string JobName() =>
        ((YamlScalarNode)Job(Load()).Children["job_name"]).Value!;

    /// <summary>The derived configuration, as YAML text.</summary>
    /// <param name="target">host:port of the service to scrape.</param>
    /// <param name="interval">Scrape and evaluation interval, such as 1s.</param>
    public static string Derive(string target, string interval) => Derive([target], interval);

    /// <summary>The derived configuration with several replicas of the service as the job's targets.</summary>
    public static string Derive(IReadOnlyList<string> targets, string interval)
    {
        var root = Load();
        var global = (YamlMappingNode)root.Children["global"];
        global.Children["scrape_interval"] = interval;
        global.Children["scrape_timeout"] = interval;
        global.Children["evaluation_interval"] = interval;

        var ruleFiles = (YamlSequenceNode)root.Children["rule_files"];
        var resolved = ruleFiles.Children
            .Select(f => (YamlNode)new YamlScalarNode(System.IO.Path.Combine(RulesDirectory, System.IO.Path.GetFileName(((YamlScalarNode)f).Value!))))
            .ToList();
        ruleFiles.Children.Clear();
        resolved.ForEach(ruleFiles.Children.Add);

        var staticConfig = (YamlMappingNode)((YamlSequenceNode)Job(root).Children["static_configs"]).Children.Single();
        staticConfig.Children["targets"] = new YamlSequenceNode(targets.Select(t => (YamlNode)new YamlScalarNode(t)));
        return Serialize(root);
    }

    /// <summary>A rule file's groups without their <c>interval:</c>, as YAML text.</summary>
    public static string WithoutGroupIntervals(string ruleFile)
    {
        var root = Parse(ruleFile);
        foreach (var group in ((YamlSequenceNode)root.Children["groups"]).Children.Cast<YamlMappingNode>())
        {
            group.Children.Remove("interval");
        }

        return Serialize(root);
    }

    /// <summary>Parses configuration text.</summary>
    public static YamlMappingNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    /// <summary>Writes a configuration tree as YAML.</summary>
    public static string Serialize(YamlNode root)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    /// <summary>The single scrape job of a configuration.</summary>
    public static YamlMappingNode Job(YamlMappingNode root) =>
        (YamlMappingNode)((YamlSequenceNode)root.Children["scrape_configs"]).Children.Single();

    private static string CopyRulesWithoutGroupIntervals()
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"otelkpi-test-rules-{Environment.ProcessId}");
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.GetFiles(RepositoryPaths.Of("rules"), "*.yml"))
        {
            File.WriteAllText(System.IO.Path.Combine(directory, System.IO.Path.GetFileName(file)), WithoutGroupIntervals(File.ReadAllText(file)));
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
        return directory;
    }
}
