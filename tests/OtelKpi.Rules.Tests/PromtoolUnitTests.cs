using OtelKpi.Rules.Tests.Support;

namespace OtelKpi.Rules.Tests;

/// <summary>promtool test rules passes for every promtool test file in rules/tests.</summary>
public sealed class PromtoolUnitTests(PromtoolTestRuns runs) : IClassFixture<PromtoolTestRuns>
{
    /// <summary>The test files, for the theory.</summary>
    public static TheoryData<string> TestFilePaths => new(RuleFiles.Tests);

    [Theory]
    [MemberData(nameof(TestFilePaths))]
    public void Promtool_unit_tests_pass(string file)
    {
        var result = runs.Of(file);

        Assert.True(result.Succeeded, $"promtool test rules {file} failed:\n{result.Output}");
    }
}
