using OtelKpi.CollectorConfig.Tests.Support;
using OtelKpi.Testing;

namespace OtelKpi.CollectorConfig.Tests;

/// <summary>
/// The collector binary cannot run here, so the configurations are checked as strictly as a reading can:
/// YAML, references, component existence in the pinned otelcol-contrib release and pipeline order.
/// </summary>
public class CollectorConfigurationTests
{
    public static TheoryData<string> Deployments => CollectorDeployments.Names;

    [Fact]
    public void Every_file_of_collector_config_parses_and_belongs_to_a_supported_deployment()
    {
        var files = Directory.GetFiles(RepositoryPaths.Of("collector-config"), "*.yaml")
            .Select(f => "collector-config/" + Path.GetFileName(f))
            .Order(StringComparer.Ordinal)
            .ToList();

        foreach (var file in files)
        {
            Assert.IsType<Dictionary<string, object?>>(YamlTree.Parse(File.ReadAllText(RepositoryPaths.Of(file))));
        }

        Assert.Equal(files, CollectorDeployments.All.Values.SelectMany(f => f).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Every_component_a_pipeline_names_is_defined(string deployment)
    {
        var configuration = CollectorDeployments.Load(deployment);

        Assert.NotEmpty(configuration.Pipelines);
        foreach (var pipeline in configuration.Pipelines)
        {
            Assert.NotEmpty(pipeline.Receivers);
            Assert.NotEmpty(pipeline.Exporters);
            Assert.Empty(pipeline.Receivers.Except(configuration.Defined("receivers")));
            Assert.Empty(pipeline.Processors.Except(configuration.Defined("processors")));
            Assert.Empty(pipeline.Exporters.Except(configuration.Defined("exporters")));
            Assert.Equal(pipeline.Processors.Count, pipeline.Processors.Distinct().Count());
        }

        Assert.Empty(configuration.ServiceExtensions.Except(configuration.Defined("extensions")));
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Every_defined_component_exists_in_the_pinned_otelcol_contrib_release(string deployment)
    {
        var configuration = CollectorDeployments.Load(deployment);

        foreach (var kind in CollectorConfiguration.ComponentKinds)
        {
            foreach (var id in configuration.Defined(kind))
            {
                Assert.True(
                    OtelcolContrib.ModuleOf(kind, CollectorConfiguration.TypeOf(id)) is not null,
                    $"{deployment}: {kind} {id} is not a component of otelcol-contrib {OtelcolContrib.Version}.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void No_component_uses_a_type_name_the_release_deprecates(string deployment)
    {
        // 0.159.0 accepts k8sattributes, prometheusremotewrite and loadbalancing but warns at every start-up.
        var configuration = CollectorDeployments.Load(deployment);
        foreach (var kind in CollectorConfiguration.ComponentKinds)
        {
            foreach (var id in configuration.Defined(kind))
            {
                var type = CollectorConfiguration.TypeOf(id);
                Assert.False(OtelcolContrib.DeprecatedTypes.TryGetValue(type, out var replacement), $"{deployment}: {kind} {id} uses the deprecated type {type}; write {replacement}.");
            }
        }
    }

    [Fact]
    public void The_pinned_component_table_only_names_modules_of_the_release()
    {
        Assert.Equal(251, new[] { "extensions", "exporters", "processors", "receivers", "connectors", "providers" }.Sum(k => OtelcolContrib.ModulesOf(k).Count));
        foreach (var (kind, types) in OtelcolContrib.ComponentModules)
        {
            Assert.Empty(types.Values.Except(OtelcolContrib.ModulesOf(kind)));
        }

        Assert.Contains("go.opentelemetry.io/collector/confmap/provider/envprovider", OtelcolContrib.ModulesOf("providers"));
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Memory_limiter_is_the_first_processor_and_batch_the_last(string deployment)
    {
        foreach (var pipeline in CollectorDeployments.Load(deployment).Pipelines)
        {
            var types = pipeline.Processors.Select(CollectorConfiguration.TypeOf).ToList();
            Assert.Equal("memory_limiter", types[0]);
            Assert.Equal("batch", types[^1]);
            Assert.Single(types, t => t == "memory_limiter");
            Assert.Single(types, t => t == "batch");
        }
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void The_memory_limiter_checks_every_second_against_a_share_of_the_container_limit(string deployment)
    {
        var limiter = CollectorDeployments.Load(deployment).Component("processors/memory_limiter");

        Assert.Equal("1s", YamlTree.Scalar(limiter, "check_interval"));
        Assert.Equal("80", YamlTree.Scalar(limiter, "limit_percentage"));
        Assert.Equal("20", YamlTree.Scalar(limiter, "spike_limit_percentage"));
    }

    [Fact]
    public void Every_component_is_used_by_some_deployment()
    {
        foreach (var file in CollectorDeployments.All.Values.SelectMany(f => f).Distinct())
        {
            var defined = CollectorConfiguration.Load(file);
            foreach (var kind in new[] { "receivers", "processors", "exporters" })
            {
                foreach (var id in defined.Defined(kind))
                {
                    Assert.Contains(
                        CollectorDeployments.All.Keys,
                        d => CollectorDeployments.Load(d).Pipelines.Any(p => p.Receivers.Concat(p.Processors).Concat(p.Exporters).Contains(id)));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Deployments))]
    public void Every_listener_binds_the_pod_address_not_localhost_or_every_interface(string deployment)
    {
        var configuration = CollectorDeployments.Load(deployment);
        var listeners = new[] { "extensions/health_check/endpoint", "receivers/otlp/protocols/grpc/endpoint" }
            .Concat(new[] { "receivers/otlp/protocols/http", "exporters/prometheus" }
                .Where(optional => YamlTree.At(configuration.Tree, optional) is not null)
                .Select(optional => optional + "/endpoint"));

        foreach (var listener in listeners)
        {
            Assert.StartsWith("${env:MY_POD_IP}:", YamlTree.Scalar(configuration.Tree, listener));
        }

        var reader = Assert.Single(YamlTree.Maps(configuration.Tree, "service/telemetry/metrics/readers"));
        Assert.Equal("${env:MY_POD_IP}", YamlTree.Scalar(reader, "pull/exporter/prometheus/host"));
        Assert.Equal("8888", YamlTree.Scalar(reader, "pull/exporter/prometheus/port"));
    }

    [Fact]
    public void The_gateway_receives_on_the_port_the_agents_send_to()
    {
        var agents = CollectorDeployments.Load("agent with gateways");
        var gateway = CollectorDeployments.Load("gateway");

        Assert.Equal(["4317"], YamlTree.Strings(agents.Tree, "exporters/load_balancing/resolver/k8s/ports"));
        Assert.EndsWith(":4317", YamlTree.Scalar(gateway.Tree, "receivers/otlp/protocols/grpc/endpoint"));
        Assert.Equal("true", YamlTree.Scalar(agents.Tree, "exporters/load_balancing/protocol/otlp/tls/insecure"));
        Assert.Null(YamlTree.At(gateway.Tree, "receivers/otlp/protocols/grpc/tls"));
    }
}
