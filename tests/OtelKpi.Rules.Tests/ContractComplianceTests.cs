using OtelKpi.Rules.Tests.Support;
using OtelKpi.Testing;

namespace OtelKpi.Rules.Tests;

/// <summary>The rules read only the series and labels of docs/metrics.md; the check itself can fail.</summary>
public sealed class ContractComplianceTests
{
    private static readonly MetricContract Contract = MetricContract.Load();

    [Fact]
    public void Shipped_rules_use_only_documented_series_and_labels()
    {
        Assert.Empty(ContractCheck.Violations(RuleSet.Shipped, Contract));
    }

    [Fact]
    public void The_override_example_uses_only_override_inputs()
    {
        var withExample = new RuleSet(RuleSet.Shipped.Files.Append(RuleFile.Load(RuleFiles.OverridesExample)));

        Assert.Empty(ContractCheck.Violations(withExample, Contract));
        Assert.All(
            RuleFile.Load(RuleFiles.OverridesExample).Groups.SelectMany(g => g.Rules),
            rule => Assert.Contains(rule.Record!, Objectives.OverrideInputs));
    }

    [Fact]
    public void Every_family_the_rules_read_is_documented()
    {
        var read = RuleSet.Shipped.Rules.SelectMany(RuleSet.Shipped.SourcesOf).ToHashSet();

        Assert.Subset(Contract.SeriesNames.Concat(Objectives.OverrideInputs).Append(ContractCheck.ScrapeHealthSeries).ToHashSet(), read);
        Assert.Contains("http_server_request_duration_seconds_bucket", read);
        Assert.Contains("otelkpi_container_cpu_usage_seconds_total", read);
    }

    [Fact]
    public void The_check_reports_a_metric_the_contract_does_not_list()
    {
        var violations = Check("sum by (job) (rate(http_requests_total[5m]))");

        Assert.Equal(["x (test.yml): reads http_requests_total, which docs/metrics.md does not list and no rule records."], violations);
    }

    [Fact]
    public void The_check_reports_labels_the_contract_does_not_list()
    {
        var violations = Check("sum by (job, status) (rate(http_server_request_duration_seconds_count{http_status_code=\"500\"}[5m]))");

        Assert.Equal(
            [
                "x (test.yml): matches label http_status_code on http_server_request_duration_seconds_count, which does not carry it.",
                "x (test.yml): groups or matches on label status, which none of the series it reads carries.",
            ],
            violations);
    }

    [Fact]
    public void The_check_reports_a_label_the_series_does_not_carry()
    {
        var violations = Check("sum by (job, http_route) (rate(process_cpu_seconds_total{http_route=\"/x\"}[5m]))");

        Assert.Equal(
            [
                "x (test.yml): matches label http_route on process_cpu_seconds_total, which does not carry it.",
                "x (test.yml): groups or matches on label http_route, which none of the series it reads carries.",
            ],
            violations);
    }

    [Fact]
    public void The_check_follows_recorded_series_to_their_sources()
    {
        var rules = new RuleSet([RuleFile.Parse(
            """
            groups:
              - name: g
                rules:
                  - record: job:process_cpu_seconds:rate5m
                    expr: sum by (job) (rate(process_cpu_seconds_total[5m]))
                  - record: job:process_cpu_seconds:max
                    expr: max by (job, http_route) (job:process_cpu_seconds:rate5m)
            """,
            "test.yml")]);

        Assert.Equal(
            ["job:process_cpu_seconds:max (test.yml): groups or matches on label http_route, which none of the series it reads carries."],
            ContractCheck.Violations(rules, Contract));
    }

    private static IReadOnlyList<string> Check(string expression) =>
        ContractCheck.Violations(
            new RuleSet([RuleFile.Parse($"groups:\n  - name: g\n    rules:\n      - record: x\n        expr: '{expression}'\n", "test.yml")]),
            Contract);
}
