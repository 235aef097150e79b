using OtelKpi.Testing.PromQl;

namespace OtelKpi.Dashboards.Tests.Lint.Linter;

/// <summary>
/// Both dashboards meet every rule of grafana/dashboard-linter (the port in <see cref="DashboardLinter"/>),
/// except the findings dashboards/.lint excludes, each with its reason; no exclusion is stale, and none hides a
/// series of the metric contract.
/// </summary>
public class DashboardLinterTests
{
    private static readonly LintConfiguration Configuration = LintConfiguration.Load();

    private static IReadOnlyList<(string File, LintFinding Finding)> AllFindings { get; } =
        DashboardFiles.FileNames.SelectMany(f => DashboardLinter.Lint(DashboardFiles.Json(f)).Select(x => (f, x))).ToList();

    [Theory]
    [MemberData(nameof(DashboardFiles.Names), MemberType = typeof(DashboardFiles))]
    public void Every_linter_rule_passes_but_the_recorded_exclusions(string file)
    {
        var open = AllFindings.Where(f => f.File == file && Configuration.Covering(f.Finding) is null).Select(f => f.Finding).ToList();

        Assert.True(open.Count == 0, $"{open.Count} findings:\n{string.Join('\n', open)}");
    }

    [Fact]
    public void Every_exclusion_has_a_reason_and_covers_a_finding()
    {
        Assert.Equal(["target-instance-rule", "target-job-rule"], Configuration.Exclusions.Keys.Order(StringComparer.Ordinal));
        foreach (var (rule, exclusion) in Configuration.Exclusions)
        {
            Assert.False(string.IsNullOrWhiteSpace(exclusion.Reason), $"{rule} has no reason");
            Assert.NotEmpty(exclusion.Entries); // never a whole rule
            Assert.All(exclusion.Entries, e =>
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Reason), $"{rule} {e.Panel} has no reason");
                Assert.True(AllFindings.Any(f => f.Finding.Rule == rule && e.Matches(f.Finding)), $"{rule} excludes '{e.Panel}' {e.TargetIdx}, which has no finding");
            });
        }
    }

    [Fact]
    public void Excluded_targets_lack_the_matcher_only_on_rule_series_and_the_cadvisor_row()
    {
        foreach (var (file, finding) in AllFindings.Where(f => Configuration.Covering(f.Finding) is not null))
        {
            var panel = DashboardFiles.Model(file).Panel(finding.Panel!);
            var targets = finding.TargetIndex is { } i ? [panel.Targets[i]] : panel.Targets;
            var label = finding.Rule == "target-job-rule" ? "job" : "instance";
            foreach (var target in targets)
            {
                var (tree, _) = DashboardLinter.ParsePromQl(target.Expr);
                foreach (var selector in tree.Descendants().Where(n => n.Type == "VectorSelector"))
                {
                    var metric = PromQlSelectorSyntax.MetricName(selector)!;
                    if (PromQlSelectorSyntax.Matchers(selector).Any(m => m.Label == label && m.Operator == "=~" && m.Value == "$" + label))
                    {
                        continue;
                    }

                    var allowed = QueryConventionTests.IsRuleOutput(metric) && label == "instance"
                        || ClusterAlternative.IsRow(panel.RowTitle) && ClusterAlternative.Families.ContainsKey(metric);
                    Assert.True(allowed, $"'{panel.Title}' {target.RefId}: the exclusion of {finding.Rule} would hide {metric}");
                }
            }
        }
    }

    [Fact]
    public void The_port_reports_what_the_linter_reports_on_a_dashboard_breaking_every_rule()
    {
        var findings = DashboardLinter.Lint(LintSamples.BreakingEveryRule());

        Assert.Equal(
            LintSamples.ExpectedRules.Order(StringComparer.Ordinal),
            findings.Select(f => f.Rule).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(findings, f => f is { Rule: "target-rate-interval-rule", Panel: "Fixed range" } && f.Message.EndsWith("should use $__rate_interval", StringComparison.Ordinal));
        Assert.Contains(findings, f => f is { Rule: "target-counter-agg-rule", Panel: "Raw counter", TargetIndex: 0 });
        Assert.DoesNotContain(findings, f => f is { Rule: "target-counter-agg-rule", Panel: "Raw counter", TargetIndex: 1 }); // printed with matchers: the linter misses it
        Assert.Contains(findings, f => f is { Rule: "template-job-rule", Severity: LintSeverity.Error } && f.Message.Contains("allValue should be '.+', is currently '.*'", StringComparison.Ordinal));
        Assert.Contains(findings, f => f is { Rule: "template-instance-rule", Severity: LintSeverity.Warning });
        Assert.Contains(findings, f => f is { Rule: "target-promql-rule", Panel: "Broken" });
    }

    [Fact]
    public void The_port_passes_a_dashboard_meeting_every_rule()
    {
        Assert.Empty(DashboardLinter.Lint(LintSamples.MeetingEveryRule()));
    }

    [Fact]
    public void The_port_reproduces_the_linters_reading_of_label_values_variables()
    {
        // label_values(up{job=~"$job"}, namespace) passes (the linter's own "OK" case), label_values(up{, namespace) does not.
        var good = LintSamples.MeetingEveryRule();
        good["templating"]!["list"]![1]!["query"] = "label_values(up{job=~\"$job\"}, namespace)";
        var bad = LintSamples.MeetingEveryRule();
        bad["templating"]!["list"]![1]!["query"] = "label_values(up{, namespace)";

        Assert.Empty(DashboardLinter.Lint(good));
        Assert.Equal(["template-label-promql-rule"], DashboardLinter.Lint(bad).Select(f => f.Rule));
    }
}
