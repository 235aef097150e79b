using OtelKpi.CollectorConfig.Tests.Support;

namespace OtelKpi.CollectorConfig.Tests;

/// <summary>
/// The name translation modelled in <see cref="CollectorMetricNaming"/> against expectations published by
/// github.com/prometheus/otlptranslator v1.0.0 (metric_namer_test.go) and the contrib exporters' documentation.
/// </summary>
public class CollectorMetricNamingTests
{
    [Theory]
    [InlineData("simple_metric", "", TranslatedMetricType.Gauge, "simple_metric")]
    [InlineData("metric@with#special$chars", "", TranslatedMetricType.Gauge, "metric_with_special_chars")]
    [InlineData("123metric", "", TranslatedMetricType.Gauge, "_123metric")]
    [InlineData("metric@@##$$name", "", TranslatedMetricType.Gauge, "metric_name")]
    [InlineData("requests", "", TranslatedMetricType.MonotonicCounter, "requests_total")]
    [InlineData("cpu_usage", "1", TranslatedMetricType.Gauge, "cpu_usage_ratio")]
    [InlineData("items", "1", TranslatedMetricType.MonotonicCounter, "items_total")]
    [InlineData("response_time", "ms", TranslatedMetricType.Gauge, "response_time_milliseconds")]
    [InlineData("memory_usage", "By", TranslatedMetricType.Gauge, "memory_usage_bytes")]
    [InlineData("requests", "1/s", TranslatedMetricType.Gauge, "requests_per_second")]
    [InlineData("throughput", "By/s", TranslatedMetricType.Gauge, "throughput_bytes_per_second")]
    [InlineData("custom_metric", "custom_unit", TranslatedMetricType.Gauge, "custom_metric_custom_unit")]
    [InlineData("custom_metric", "{custom}", TranslatedMetricType.Gauge, "custom_metric")]
    [InlineData("http.server.duration", "s", TranslatedMetricType.Histogram, "http_server_duration_seconds")]
    public void Names_follow_the_published_translation(string name, string unit, TranslatedMetricType type, string expected)
    {
        Assert.Equal(expected, CollectorMetricNaming.Name(name, unit, type));
    }

    [Theory]
    [InlineData("process.cpu.seconds", "s", TranslatedMetricType.MonotonicCounter, "process_cpu_seconds_total")]
    [InlineData("http.requests.total", "{request}", TranslatedMetricType.MonotonicCounter, "http_requests_total")]
    [InlineData("queue.total.size", "", TranslatedMetricType.MonotonicCounter, "queue_size_total")]
    [InlineData("active.requests", "{request}", TranslatedMetricType.NonMonotonicCounter, "active_requests")]
    [InlineData("disk.bytes.read", "By", TranslatedMetricType.MonotonicCounter, "disk_bytes_read_total")]
    public void A_unit_or_total_already_in_the_name_is_not_added_again(string name, string unit, TranslatedMetricType type, string expected)
    {
        // Unlike the .NET exporter's "ends with" rule, the collector checks whether the unit is any token of
        // the name: disk.bytes.read keeps no _bytes suffix. No OtelKpi instrument has a unit mid-name.
        Assert.Equal(expected, CollectorMetricNaming.Name(name, unit, type));
    }

    [Theory]
    [InlineData("http.request.method", "http_request_method")]
    [InlineData("error.type", "error_type")]
    [InlineData("deployment.environment", "deployment_environment")]
    [InlineData("2xx", "key_2xx")]
    public void Attribute_keys_become_label_names(string key, string expected)
    {
        Assert.Equal(expected, CollectorMetricNaming.LabelName(key));
    }
}
