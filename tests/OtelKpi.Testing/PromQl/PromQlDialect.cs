namespace OtelKpi.Testing.PromQl;

/// <summary>Which PromQL text the analysis accepts.</summary>
public enum PromQlDialect
{
    /// <summary>
    /// PromQL as a rule file holds it, read strictly: every selector names its metric and every range is a
    /// duration, so that checks of metrics and look-back windows never miss part of an expression.
    /// </summary>
    Prometheus,

    /// <summary>
    /// PromQL as a Grafana dashboard holds it: template variables (<c>$job</c>, <c>${job}</c>,
    /// <c>$__rate_interval</c>) may stand where Grafana substitutes them, and a selector without a metric
    /// name is reported (with a null metric) for the lint to judge, not refused.
    /// </summary>
    Grafana,
}
