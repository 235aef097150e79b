using OtelKpi.Manifests;
using OtelKpi.Rules.Tests.Support;
using OtelKpi.Testing;

namespace OtelKpi.Rules.Tests;

/// <summary>
/// rules/*.yml are rendered from the templates of rules/src with rules/src/settings.yml, the one place that names
/// the topology labels and the runbook base: the committed files are what the generator gives, and any other
/// settings give rule files promtool accepts, with the new labels in every label list.
/// </summary>
public sealed class RuleTemplateTests
{
    /// <summary>The templates, for the theory.</summary>
    public static TheoryData<string> TemplateNames => new(PrometheusRuleSources.Names(RepositoryPaths.Root));

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public void The_committed_rule_file_is_what_its_template_and_the_settings_render(string name)
    {
        var committed = File.ReadAllText(RepositoryPaths.Of($"rules/{name}"));

        Assert.True(
            committed == PrometheusRuleSources.Render(RepositoryPaths.Root, name),
            $"rules/{name} is stale or edited by hand: edit rules/src/{name} or rules/src/settings.yml, then run dotnet run --project tools/OtelKpi.Manifests");
        Assert.DoesNotContain("${", committed, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_template_has_one_generated_file_and_nothing_else_is_shipped()
    {
        var manifests = GeneratedManifests.All.OfType<PrometheusRuleFileManifest>().Select(m => m.Name).Order(StringComparer.Ordinal);
        var shipped = Directory.GetFiles(RepositoryPaths.Of("rules"), "*.yml").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(PrometheusRuleSources.Names(RepositoryPaths.Root), manifests);
        Assert.Equal(PrometheusRuleSources.Names(RepositoryPaths.Root), shipped);
    }

    [Fact]
    public void The_shipped_settings_keep_cluster_and_namespace_and_link_the_repository_runbooks()
    {
        var settings = PrometheusRuleSettings.Load(RepositoryPaths.Root);

        Assert.Equal(["cluster", "namespace"], settings.TopologyLabels);
        Assert.Equal("https://github.com/otelkpi/otelkpi/blob/main/docs/runbooks/", settings.RunbookUrlBase);
    }

    [Theory]
    [InlineData("topology_labels: []\nrunbook_url_base: https://runbooks.example.com/otelkpi/\n")]
    [InlineData("topology_labels: [region, cluster, namespace]\nrunbook_url_base: https://runbooks.example.com/otelkpi/\n")]
    public void Other_settings_give_rule_files_promtool_accepts_with_those_labels_everywhere(string yaml)
    {
        var settings = PrometheusRuleSettings.Parse(yaml);
        var directory = Directory.CreateTempSubdirectory("otelkpi-settings-").FullName;
        try
        {
            foreach (var name in PrometheusRuleSources.Names(RepositoryPaths.Root))
            {
                var text = PrometheusRuleSources.Render(RepositoryPaths.Root, name, settings);
                var file = Path.Combine(directory, name);
                File.WriteAllText(file, text);
                var check = Promtool.CheckRules(file);
                Assert.True(check.Succeeded, check.Output);
                Assert.DoesNotContain("${", text, StringComparison.Ordinal);
                var rules = RuleFile.Parse(text, name).Groups.SelectMany(g => g.Rules).ToList();
                Assert.All(rules.Where(r => r.Alert is not null), r => Assert.StartsWith("https://runbooks.example.com/otelkpi/", r.Annotations["runbook_url"], StringComparison.Ordinal));
                foreach (var labels in TopologyTests.LabelListsOf(rules).Where(l => l.Contains("job")))
                {
                    Assert.Equal([.. settings.TopologyLabels, "job"], labels.TakeWhile(l => l != "job").Append("job"));
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("topology_labels: [job]\nrunbook_url_base: https://x.example/\n", "topology_labels has 'job'")]
    [InlineData("topology_labels: [cluster, cluster]\nrunbook_url_base: https://x.example/\n", "lists a label twice")]
    [InlineData("topology_labels: [my-label]\nrunbook_url_base: https://x.example/\n", "topology_labels has 'my-label'")]
    [InlineData("topology_labels: [cluster]\nrunbook_url_base: https://x.example/runbooks\n", "runbook_url_base is 'https://x.example/runbooks'")]
    [InlineData("topology_label: [cluster]\nrunbook_url_base: https://x.example/\n", "allowed keys: topology_labels, runbook_url_base")]
    public void Bad_settings_fail_with_one_message_naming_the_key_and_what_is_allowed(string yaml, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => PrometheusRuleSettings.Parse(yaml));

        Assert.StartsWith("rules/src/settings.yml: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_placeholder_fails_instead_of_reaching_a_rule_file()
    {
        var settings = PrometheusRuleSettings.Parse("topology_labels: [cluster]\nrunbook_url_base: https://x.example/\n");

        var error = Assert.Throws<InvalidDataException>(() => PrometheusRuleTemplate.Render("expr: sum by (${jobs}) (x)\n", settings, "t.yml"));

        Assert.Equal("t.yml: unknown placeholder ${jobs}; allowed: ${job}, ${job_matchers}, ${job_values}, ${runbook_url_base}.", error.Message);
    }

    [Fact]
    public void The_test_parameter_scales_every_for_and_nothing_else()
    {
        var shipped = RuleFile.Parse(PrometheusRuleSources.Render(RepositoryPaths.Root, "otelkpi-alerts.yml"), "a");
        var scaled = RuleFile.Parse(PrometheusRuleSources.Render(RepositoryPaths.Root, "otelkpi-alerts.yml", forScale: 1.0 / 60), "b");
        var pairs = shipped.Groups.SelectMany(g => g.Rules).Zip(scaled.Groups.SelectMany(g => g.Rules)).ToList();

        Assert.All(pairs, p =>
        {
            Assert.Equal(OtelKpi.Testing.PromQl.PromDuration.Parse(p.First.For!) / 60, OtelKpi.Testing.PromQl.PromDuration.Parse(p.Second.For!));
            Assert.Equal(p.First.Expr, p.Second.Expr);
            Assert.Equal(p.First.Labels, p.Second.Labels);
            Assert.Equal(p.First.Annotations, p.Second.Annotations);
        });
        Assert.Contains(pairs, p => p.First.For == "2m" && p.Second.For == "2s");
    }
}
