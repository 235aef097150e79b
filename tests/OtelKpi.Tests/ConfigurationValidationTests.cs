using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OtelKpi.Tests;

/// <summary>Every kind of bad configuration stops start-up with one message naming the key and what is allowed.</summary>
public class ConfigurationValidationTests
{
    public static readonly TheoryData<string, string, string> BadSettings = new()
    {
        { "KpiTelemetry:LatencyBuckets:0", "-1", "KpiTelemetry:LatencyBuckets is [-1]; allowed: one or more finite positive numbers of seconds in strictly increasing order" },
        { "KpiTelemetry:Scrape:Path", "metrics", "KpiTelemetry:Scrape:Path is 'metrics'; allowed: a path other than '/' starting with '/'" },
        { "KpiTelemetry:Scrape:Path", "/metrics?x=1", "KpiTelemetry:Scrape:Path is '/metrics?x=1'; allowed:" },
        { "KpiTelemetry:Scrape:Port", "70000", "KpiTelemetry:Scrape:Port is 70000; allowed: an integer from 1 to 65535" },
        { "KpiTelemetry:Scrape:Port", "0", "KpiTelemetry:Scrape:Port is 0; allowed: an integer from 1 to 65535" },
        { "KpiTelemetry:Scrape:BindAddress", "everywhere", "KpiTelemetry:Scrape:BindAddress is 'everywhere'; allowed: an IPv4 or IPv6 address" },
        { "KpiTelemetry:Scrape:ResponseCacheMilliseconds", "-5", "KpiTelemetry:Scrape:ResponseCacheMilliseconds is -5; allowed: an integer from 0 to 60000" },
        { "KpiTelemetry:Otlp:Protocol", "udp", "KpiTelemetry:Otlp:Protocol is 'udp'; allowed: 'grpc' or 'http/protobuf'" },
        { "KpiTelemetry:Otlp:Endpoint", "collector:4317", "KpiTelemetry:Otlp:Endpoint is 'collector:4317'; allowed: an absolute http:// or https:// URI" },
        { "KpiTelemetry:Otlp:ExportIntervalMilliseconds", "10", "KpiTelemetry:Otlp:ExportIntervalMilliseconds is 10; allowed: an integer from 1000 to 3600000" },
        { "KpiTelemetry:Otlp:TimeoutMilliseconds", "0", "KpiTelemetry:Otlp:TimeoutMilliseconds is 0; allowed: an integer from 100 to 600000" },
        { "KpiTelemetry:CardinalityLimit", "5", "KpiTelemetry:CardinalityLimit is 5; allowed: an integer from 10 to 100000" },
        { "KpiTelemetry:ExcludedPaths:0", "health", "KpiTelemetry:ExcludedPaths:0 is 'health'; allowed: a request path starting with '/'" },
        { "KpiTelemetry:ServiceName", " ", "KpiTelemetry:ServiceName is ' '; allowed: a non-empty name" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_value_stops_start_up_naming_the_key_and_what_is_allowed(string key, string value, string message)
    {
        var error = await StartFailureAsync(new Dictionary<string, string?> { [key] = value });

        Assert.Contains(message, error.Message);
        Assert.Single(error.Failures);
    }

    [Fact]
    public async Task Unsorted_buckets_are_rejected_with_their_values()
    {
        var error = await StartFailureAsync(new Dictionary<string, string?>
        {
            ["KpiTelemetry:LatencyBuckets:0"] = "0.5",
            ["KpiTelemetry:LatencyBuckets:1"] = "0.1",
        });

        Assert.StartsWith("KpiTelemetry:LatencyBuckets is [0.5, 0.1]; allowed: one or more finite positive numbers of seconds in strictly increasing order", error.Message);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_names_the_key()
    {
        var error = await StartFailureAsync(new Dictionary<string, string?> { ["KpiTelemetry:Scrape:Port"] = "ninety" });

        Assert.Contains("KpiTelemetry configuration is invalid", error.Message);
        Assert.Contains("'KpiTelemetry:Scrape:Port'", error.Message);
    }

    [Fact]
    public async Task A_misspelt_key_is_an_error_not_silently_ignored()
    {
        var error = await StartFailureAsync(new Dictionary<string, string?> { ["KpiTelemetry:LatencyBucket:0"] = "0.1" });

        Assert.Contains("'LatencyBucket'", error.Message);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json", "KpiTelemetry:Otlp:Protocol (from OTEL_EXPORTER_OTLP_PROTOCOL) is 'http/json'; allowed: 'grpc' or 'http/protobuf'.")]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "udp", "KpiTelemetry:Otlp:Protocol (from OTEL_EXPORTER_OTLP_METRICS_PROTOCOL) is 'udp'; allowed: 'grpc' or 'http/protobuf'.")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317", "KpiTelemetry:Otlp:Endpoint (from OTEL_EXPORTER_OTLP_ENDPOINT) is 'collector:4317'; allowed: an absolute http:// or https:// URI")]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "not a uri", "KpiTelemetry:Otlp:Endpoint (from OTEL_EXPORTER_OTLP_METRICS_ENDPOINT) is 'not a uri'; allowed: an absolute http:// or https:// URI")]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "otel-collector:4318/v1/metrics", "KpiTelemetry:Otlp:Endpoint (from OTEL_EXPORTER_OTLP_METRICS_ENDPOINT) is 'otel-collector:4318/v1/metrics'; allowed:")]
    public async Task An_invalid_otlp_variable_is_rejected_naming_it_when_otlp_is_on(string variable, string value, string message)
    {
        var error = await StartFailureAsync(new Dictionary<string, string?>
        {
            ["KpiTelemetry:Otlp:Enabled"] = "true",
            [variable] = value,
        });

        Assert.StartsWith(message, error.Message);
        Assert.Single(error.Failures);
    }

    [Fact]
    public async Task Code_configuration_is_validated_too()
    {
        var error = await StartFailureAsync(configure: o => o.LatencyBuckets = []);

        Assert.StartsWith("KpiTelemetry:LatencyBuckets is []; allowed:", error.Message);
    }

    [Fact]
    public async Task Several_bad_values_are_all_reported_at_once()
    {
        var error = await StartFailureAsync(new Dictionary<string, string?>
        {
            ["KpiTelemetry:Scrape:Port"] = "99999",
            ["KpiTelemetry:CardinalityLimit"] = "1",
        });

        Assert.Equal(2, error.Failures.Count());
    }

    [Fact]
    public async Task Configuration_binds_from_the_section_and_code_runs_after_it()
    {
        await using var host = await KpiTestHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["KpiTelemetry:ServiceName"] = "from-config",
                ["KpiTelemetry:CardinalityLimit"] = "500",
                ["KpiTelemetry:Meters:0"] = "Config.Meter",
            },
            configure: o => o.Meters.Add("Code.Meter"));

        var options = host.App.Services.GetRequiredService<IOptions<KpiTelemetryOptions>>().Value;

        Assert.Equal("from-config", options.ServiceName);
        Assert.Equal(500, options.CardinalityLimit);
        Assert.Equal(["Config.Meter", "Code.Meter"], options.Meters);
        Assert.Null(options.LatencyBuckets);
        Assert.Equal("/metrics", options.Scrape.Path);
    }

    /// <summary>Builds and starts the app as Program.cs would; validation may fail in MapKpiMetrics() or in StartAsync().</summary>
    private static async Task<OptionsValidationException> StartFailureAsync(
        IDictionary<string, string?>? configuration = null,
        Action<KpiTelemetryOptions>? configure = null) =>
        await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = KpiTestHost.Build(configuration, configure);
            await app.StartAsync();
        });
}
