namespace OtelKpi.Dashboards.Tests.Lint.Linter;

/// <summary>How grave a finding is, as grafana/dashboard-linter grades it.</summary>
public enum LintSeverity
{
    /// <summary>Reported as a warning.</summary>
    Warning,

    /// <summary>Reported as an error (the linter's exit code fails).</summary>
    Error,
}

/// <summary>
/// One finding of a grafana/dashboard-linter rule, located as the linter locates it: dashboard title, and for
/// panel and target rules the panel title and the target's index in the panel.
/// </summary>
/// <param name="Rule">The rule's name, e.g. <c>target-instance-rule</c>.</param>
/// <param name="Severity">Warning or error.</param>
/// <param name="Dashboard">The dashboard's title.</param>
/// <param name="Panel">The panel's title, or null for a dashboard rule.</param>
/// <param name="TargetIndex">The target's index in its panel, or null for dashboard and panel rules.</param>
/// <param name="Message">What is wrong.</param>
public sealed record LintFinding(string Rule, LintSeverity Severity, string Dashboard, string? Panel, int? TargetIndex, string Message)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"[{this.Rule}] {this.Severity}: dashboard '{this.Dashboard}'" +
        (this.Panel is null ? "" : $", panel '{this.Panel}'") +
        (this.TargetIndex is null ? "" : $", target {this.TargetIndex}") +
        $": {this.Message}";
}
