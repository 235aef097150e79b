using OtelKpi.CollectorConfig.Tests.Support;

namespace OtelKpi.CollectorConfig.Tests;

/// <summary>
/// The exporter settings that decide the Prometheus names and labels of the collector path. Each value
/// checked here was verified against opentelemetry-collector-contrib (see docs/deployment.md).
/// </summary>
public class TranslationSettingsTests
{
    public static TheoryData<string> Deployments => CollectorDeployments.Names;

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Every_prometheus_exporter_keeps_unit_suffixes_and_total_and_no_prefix(string deployment)
    {
        var configuration = CollectorDeployments.Load(deployment);
        var exporters = configuration.Defined("exporters").Where(id => CollectorConfiguration.TypeOf(id) is "prometheus_remote_write" or "prometheus").ToList();
        Assert.NotEmpty(exporters);

        foreach (var id in exporters)
        {
            var settings = configuration.Component("exporters/" + id);
            Assert.Equal("UnderscoreEscapingWithSuffixes", YamlTree.Scalar(settings, "translation_strategy"));
            Assert.False(settings.ContainsKey("add_metric_suffixes"), $"{id}: add_metric_suffixes is deprecated; translation_strategy decides.");
            Assert.False(settings.ContainsKey("namespace"), $"{id}: a namespace would prefix every name.");
            Assert.False(settings.ContainsKey("const_labels") || settings.ContainsKey("external_labels"), $"{id}: extra labels differ from /metrics.");
        }
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void No_exporter_copies_resource_attributes_onto_every_series(string deployment)
    {
        var configuration = CollectorDeployments.Load(deployment);

        foreach (var id in configuration.Defined("exporters"))
        {
            var settings = configuration.Component("exporters/" + id);
            Assert.False(settings.ContainsKey("resource_to_telemetry_conversion"), $"{id} would turn every resource attribute into a label.");
            Assert.False(settings.ContainsKey("resource_constant_labels"), $"{id} would add resource labels that /metrics does not have.");
        }
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Remote_write_sends_no_scope_labels_and_keeps_target_info(string deployment)
    {
        var configuration = CollectorDeployments.Load(deployment);
        var remoteWrite = configuration.Component("exporters/prometheus_remote_write");

        Assert.Equal("true", YamlTree.Scalar(remoteWrite, "disable_scope_info"));
        Assert.Equal("true", YamlTree.Scalar(remoteWrite, "target_info/enabled"));
        Assert.Equal("${env:REMOTE_WRITE_URL}", YamlTree.Scalar(remoteWrite, "http/endpoint"));
        Assert.False(remoteWrite.ContainsKey("endpoint"), "The flat HTTP settings are deprecated since 0.158.0; they belong under http.");
        Assert.Equal("true", YamlTree.Scalar(remoteWrite, "remote_write_queue/enabled"));
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Remote_write_retries_a_batch_for_as_long_as_it_says_before_dropping_it(string deployment)
    {
        var remoteWrite = CollectorDeployments.Load(deployment).Component("exporters/prometheus_remote_write");

        // The exporter retries inside the exporter-wide timeout (default 5s); a shorter timeout than the
        // retry budget drops the batch as soon as it expires.
        var timeout = GoDuration(YamlTree.Scalar(remoteWrite, "timeout"));
        var retryBudget = GoDuration(YamlTree.Scalar(remoteWrite, "retry_on_failure/max_elapsed_time"));
        var requestTimeout = GoDuration(YamlTree.Scalar(remoteWrite, "http/timeout"));
        Assert.Equal(TimeSpan.FromSeconds(300), retryBudget);
        Assert.True(timeout > retryBudget + requestTimeout, $"timeout {timeout} must exceed max_elapsed_time {retryBudget} plus one request ({requestTimeout}).");
        // Left at its default: without the alpha multiple-workers gate a value other than 5 only logs a warning.
        Assert.False(YamlTree.Map(remoteWrite, "remote_write_queue").ContainsKey("num_consumers"));
    }

    [Fact]
    public void The_optional_prometheus_endpoint_sends_no_scope_labels()
    {
        var prometheus = CollectorDeployments.Load("agent with prometheus endpoint").Component("exporters/prometheus");

        Assert.Equal("true", YamlTree.Scalar(prometheus, "without_scope_info"));
        Assert.Equal("${env:MY_POD_IP}:8889", YamlTree.Scalar(prometheus, "endpoint"));
    }

    [Fact]
    public void Agents_route_each_service_instance_to_one_gateway()
    {
        var loadBalancing = CollectorDeployments.Load("agent with gateways").Component("exporters/load_balancing");

        // resource: all series of one instance go to one gateway, so no series is written from two places.
        Assert.Equal("resource", YamlTree.Scalar(loadBalancing, "routing_key"));
        Assert.Equal("${env:GATEWAY_SERVICE}", YamlTree.Scalar(loadBalancing, "resolver/k8s/service"));
    }

    [Fact]
    public void The_agent_sets_identity_before_it_batches_and_exports()
    {
        var pipeline = Assert.Single(CollectorDeployments.Load("agent").Pipelines);

        Assert.Equal(["memory_limiter", "k8s_attributes", "resource/identity", "transform/labels", "batch"], pipeline.Processors);
        Assert.Equal(["otlp", "prometheus"], pipeline.Receivers);
        Assert.Equal(["prometheus_remote_write"], pipeline.Exporters);
    }

    private static TimeSpan GoDuration(string? value)
    {
        Assert.NotNull(value);
        var match = System.Text.RegularExpressions.Regex.Match(value, "^([0-9]+)(s|m|h)$");
        Assert.True(match.Success, $"'{value}' is not a duration in whole seconds, minutes or hours.");
        var amount = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "s" => TimeSpan.FromSeconds(amount), "m" => TimeSpan.FromMinutes(amount), _ => TimeSpan.FromHours(amount) };
    }
}
