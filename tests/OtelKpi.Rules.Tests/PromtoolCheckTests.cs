using OtelKpi.Rules.Tests.Support;
using OtelKpi.Testing;

namespace OtelKpi.Rules.Tests;

/// <summary>promtool check rules accepts every shipped and example rule file.</summary>
public sealed class PromtoolCheckTests
{
    /// <summary>The files, for the theory.</summary>
    public static TheoryData<string> RuleFilePaths => new(RuleFiles.AllRuleFiles);

    [Theory]
    [MemberData(nameof(RuleFilePaths))]
    public void Promtool_accepts_the_rule_file(string file)
    {
        var result = Promtool.CheckRules(RepositoryPaths.Of(file));

        Assert.True(result.Succeeded, $"promtool check rules {file} failed:\n{result.Output}");
    }

    [Fact]
    public void There_are_shipped_rule_files_and_an_override_example()
    {
        Assert.Equal(
            [
                "rules/otelkpi-alerts.yml", "rules/otelkpi-anomaly.rules.yml", "rules/otelkpi-health.rules.yml", "rules/otelkpi-http.rules.yml",
                "rules/otelkpi-objectives.rules.yml", "rules/otelkpi-resources.rules.yml", "rules/otelkpi-slo.rules.yml", "rules/otelkpi-windows.rules.yml",
            ],
            RuleFiles.Shipped);
        Assert.Contains(RuleFiles.OverridesExample, RuleFiles.Examples);
    }
}
