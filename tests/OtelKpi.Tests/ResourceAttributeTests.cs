namespace OtelKpi.Tests;

/// <summary>target_info carries the service identity with the documented precedence.</summary>
public class ResourceAttributeTests
{
    [Fact]
    public async Task Defaults_come_from_the_host()
    {
        var info = await TargetInfoAsync(new Dictionary<string, string?>());

        Assert.Equal("kpi-test-app", info["service_name"]);
        Assert.Equal("staging", info["deployment_environment"]);
        Assert.True(Guid.TryParse(info["service_instance_id"], out _), info["service_instance_id"]);
        Assert.False(string.IsNullOrEmpty(info["service_version"]));
        Assert.Equal("opentelemetry", info["telemetry_sdk_name"]);
        Assert.Equal("dotnet", info["telemetry_sdk_language"]);
    }

    [Fact]
    public async Task OTEL_SERVICE_NAME_beats_the_application_name_and_OTEL_RESOURCE_ATTRIBUTES()
    {
        var info = await TargetInfoAsync(new Dictionary<string, string?>
        {
            ["OTEL_SERVICE_NAME"] = "checkout",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.name=ignored,service.version=2.1.0,service.instance.id=pod-7,deployment.environment=prod-eu,team=payments%20core",
        });

        Assert.Equal("checkout", info["service_name"]);
        Assert.Equal("2.1.0", info["service_version"]);
        Assert.Equal("pod-7", info["service_instance_id"]);
        Assert.Equal("prod-eu", info["deployment_environment"]);
        Assert.Equal("payments core", info["team"]);
    }

    [Fact]
    public async Task Service_name_from_OTEL_RESOURCE_ATTRIBUTES_beats_the_application_name()
    {
        var info = await TargetInfoAsync(new Dictionary<string, string?> { ["OTEL_RESOURCE_ATTRIBUTES"] = "service.name=from-attributes" });

        Assert.Equal("from-attributes", info["service_name"]);
    }

    [Fact]
    public async Task Options_beat_every_environment_variable()
    {
        var info = await TargetInfoAsync(new Dictionary<string, string?>
        {
            ["OTEL_SERVICE_NAME"] = "from-env",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.version=9,deployment.environment=env",
            ["KpiTelemetry:ServiceName"] = "from-options",
            ["KpiTelemetry:ServiceVersion"] = "3.0.0",
            ["KpiTelemetry:DeploymentEnvironment"] = "qa",
        });

        Assert.Equal("from-options", info["service_name"]);
        Assert.Equal("3.0.0", info["service_version"]);
        Assert.Equal("qa", info["deployment_environment"]);
    }

    private static async Task<IReadOnlyDictionary<string, string>> TargetInfoAsync(Dictionary<string, string?> configuration)
    {
        await using var host = await KpiTestHost.StartAsync(configuration);
        var targetInfo = (await host.ScrapeAsync()).Single("target_info");
        Assert.Equal(1, targetInfo.Value);
        return targetInfo.Labels;
    }
}
