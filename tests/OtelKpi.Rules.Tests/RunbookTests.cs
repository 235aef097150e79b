using OtelKpi.Rules.Tests.Support;
using OtelKpi.Testing;

namespace OtelKpi.Rules.Tests;

/// <summary>Every alert has a runbook that says what fired, how to confirm it, why it happens and what to do.</summary>
public sealed class RunbookTests
{
    /// <summary>The alert names, for the theory.</summary>
    public static TheoryData<string> AlertNames => new(Alerts.Names);

    [Theory]
    [MemberData(nameof(AlertNames))]
    public void The_runbook_has_the_four_sections_and_a_query_to_confirm(string alert)
    {
        var text = File.ReadAllText(RepositoryPaths.Of(Alerts.RunbookPath(alert)));
        var headings = text.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => l.TrimEnd()).ToList();

        Assert.StartsWith($"# {alert}\n", text, StringComparison.Ordinal);
        Assert.Equal(["## What fired", "## Confirm", "## Likely causes", "## What to do"], headings);
        Assert.Contains("```promql", text, StringComparison.Ordinal);
    }

    [Fact]
    public void There_is_no_runbook_without_an_alert()
    {
        var runbooks = Directory.GetFiles(RepositoryPaths.Of("docs/runbooks"), "*.md").Select(Path.GetFileNameWithoutExtension);

        Assert.Equal(Alerts.Names.Order(), runbooks.Order());
    }
}
