namespace OtelKpi.Manifests;

// One class per shipped rule file: GeneratedManifests discovers manifests by type. A test checks that every
// template in rules/src has exactly one.

/// <summary>rules/otelkpi-alerts.yml.</summary>
internal sealed class PrometheusRuleAlertsFile() : PrometheusRuleFileManifest("otelkpi-alerts.yml");

/// <summary>rules/otelkpi-anomaly.rules.yml.</summary>
internal sealed class PrometheusRuleAnomalyFile() : PrometheusRuleFileManifest("otelkpi-anomaly.rules.yml");

/// <summary>rules/otelkpi-health.rules.yml.</summary>
internal sealed class PrometheusRuleHealthFile() : PrometheusRuleFileManifest("otelkpi-health.rules.yml");

/// <summary>rules/otelkpi-http.rules.yml.</summary>
internal sealed class PrometheusRuleHttpFile() : PrometheusRuleFileManifest("otelkpi-http.rules.yml");

/// <summary>rules/otelkpi-objectives.rules.yml.</summary>
internal sealed class PrometheusRuleObjectivesFile() : PrometheusRuleFileManifest("otelkpi-objectives.rules.yml");

/// <summary>rules/otelkpi-resources.rules.yml.</summary>
internal sealed class PrometheusRuleResourcesFile() : PrometheusRuleFileManifest("otelkpi-resources.rules.yml");

/// <summary>rules/otelkpi-slo.rules.yml.</summary>
internal sealed class PrometheusRuleSloFile() : PrometheusRuleFileManifest("otelkpi-slo.rules.yml");

/// <summary>rules/otelkpi-windows.rules.yml.</summary>
internal sealed class PrometheusRuleWindowsFile() : PrometheusRuleFileManifest("otelkpi-windows.rules.yml");
