using OtelKpi.Testing;
using YamlDotNet.RepresentationModel;

namespace OtelKpi.Dashboards.Tests.Live;

/// <summary>
/// The test's Prometheus configuration, derived from the shipped deploy/prometheus/prometheus.yml so that the
/// shipped file is what is tested: only the intervals (short, so the run is fast), the scrape target (the
/// sample's port) and the rule file paths (the repository's rules/ instead of a copy next to the file) change.
/// </summary>
internal static class ShippedPrometheusConfig
{
    /// <summary>The shipped file.</summary>
    public const string Path = "deploy/prometheus/prometheus.yml";

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
        var resolved = ruleFiles.Children.Select(f => (YamlNode)new YamlScalarNode(RepositoryPaths.Of(((YamlScalarNode)f).Value!))).ToList();
        ruleFiles.Children.Clear();
        resolved.ForEach(ruleFiles.Children.Add);

        var staticConfig = (YamlMappingNode)((YamlSequenceNode)Job(root).Children["static_configs"]).Children.Single();
        staticConfig.Children["targets"] = new YamlSequenceNode(targets.Select(t => (YamlNode)new YamlScalarNode(t)));
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
}
