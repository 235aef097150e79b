using OtelKpi.Dashboards.Tests.Live;
using OtelKpi.Testing;
using YamlDotNet.RepresentationModel;

namespace OtelKpi.Dashboards.Tests.ScrapeConfig;

/// <summary>
/// deploy/prometheus/prometheus.yml, the file users copy: valid for Prometheus 2.42 with the shipped rules next
/// to it, and the end-to-end test's configuration differs from it only in intervals, target and rule paths.
/// </summary>
public class ShippedPrometheusConfigTests
{
    [Fact]
    public async Task Promtool_accepts_the_shipped_file_with_every_shipped_rule_file_next_to_it()
    {
        var directory = Directory.CreateTempSubdirectory("otelkpi-config-").FullName;
        try
        {
            File.Copy(RepositoryPaths.Of(ShippedPrometheusConfig.Path), Path.Combine(directory, "prometheus.yml"));
            Directory.CreateDirectory(Path.Combine(directory, "rules"));
            var ruleFiles = Directory.GetFiles(RepositoryPaths.Of("rules"), "*.yml");
            foreach (var file in ruleFiles)
            {
                File.Copy(file, Path.Combine(directory, "rules", Path.GetFileName(file)));
            }

            var result = (await CommandLine.RunAsync("promtool", ["check", "config", "prometheus.yml"], directory)).EnsureSuccess("promtool check config");

            Assert.NotEmpty(ruleFiles);
            Assert.All(ruleFiles, f => Assert.Contains($"rules/{Path.GetFileName(f)}", result.Output, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void The_test_rules_are_the_shipped_ones_with_only_group_intervals_removed()
    {
        var shipped = Directory.GetFiles(RepositoryPaths.Of("rules"), "*.yml").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(shipped, Directory.GetFiles(ShippedPrometheusConfig.RulesDirectory, "*.yml").Select(Path.GetFileName).Order().ToList());
        var intervals = 0;
        foreach (var name in shipped)
        {
            var original = ShippedPrometheusConfig.Parse(File.ReadAllText(RepositoryPaths.Of("rules/" + name)));
            var copy = ShippedPrometheusConfig.Parse(File.ReadAllText(Path.Combine(ShippedPrometheusConfig.RulesDirectory, name!)));
            var groups = ((YamlSequenceNode)original.Children["groups"]).Children.Cast<YamlMappingNode>().ToList();
            intervals += groups.Count(g => g.Children.Remove("interval"));
            Assert.Equal(ShippedPrometheusConfig.Serialize(original), ShippedPrometheusConfig.Serialize(copy));
        }

        Assert.True(intervals >= 2, "the long-window and SLO groups set their own interval");
    }

    [Fact]
    public void The_test_configuration_is_the_shipped_one_with_only_intervals_target_and_rule_paths_changed()
    {
        var derived = ShippedPrometheusConfig.Parse(ShippedPrometheusConfig.Derive("127.0.0.1:12345", "1s"));
        var shipped = ShippedPrometheusConfig.Load();

        var global = (YamlMappingNode)derived.Children["global"];
        Assert.All(new[] { "scrape_interval", "scrape_timeout", "evaluation_interval" }, k => Assert.Equal("1s", global.Children[k].ToString()));
        Assert.Equal([Path.Combine(ShippedPrometheusConfig.RulesDirectory, "*.yml")], ((YamlSequenceNode)derived.Children["rule_files"]).Select(n => n.ToString()));
        var targets = ((YamlMappingNode)((YamlSequenceNode)ShippedPrometheusConfig.Job(derived).Children["static_configs"])[0]).Children["targets"];
        Assert.Equal(["127.0.0.1:12345"], ((YamlSequenceNode)targets).Select(n => n.ToString()));

        // Put the shipped values back: the rest must be identical, node for node.
        foreach (var key in new[] { "global", "rule_files" })
        {
            derived.Children[key] = shipped.Children[key];
        }

        ((YamlMappingNode)((YamlSequenceNode)ShippedPrometheusConfig.Job(derived).Children["static_configs"])[0]).Children["targets"] =
            ((YamlMappingNode)((YamlSequenceNode)ShippedPrometheusConfig.Job(shipped).Children["static_configs"])[0]).Children["targets"];
        Assert.Equal(ShippedPrometheusConfig.Serialize(shipped), ShippedPrometheusConfig.Serialize(derived));
    }
}
