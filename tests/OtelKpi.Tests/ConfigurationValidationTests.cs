using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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

    public static readonly TheoryData<string, string, string> BadSyntax = new()
    {
        { "KpiTelemetry:Scrape:Port", "ninety", "KpiTelemetry:Scrape:Port is 'ninety'; allowed: an integer from 1 to 65535, or unset to serve on the application's own port." },
        { "KpiTelemetry:LatencyBuckets:0", "abc", "KpiTelemetry:LatencyBuckets:0 is 'abc'; allowed: a number of seconds with '.' as the decimal point, such as 0.25." },
        { "KpiTelemetry:LatencyBuckets:0", "0,5", "KpiTelemetry:LatencyBuckets:0 is '0,5'; allowed: a number of seconds with '.' as the decimal point, such as 0.25." },
        { "KpiTelemetry:LatencyBuckets:0", "Infinity", "KpiTelemetry:LatencyBuckets:0 is 'Infinity'; allowed: a number of seconds" },
        { "KpiTelemetry:LatencyBuckets", "0.5", "KpiTelemetry:LatencyBuckets is '0.5'; allowed: a list (KpiTelemetry:LatencyBuckets:0, KpiTelemetry:LatencyBuckets:1, ... or a JSON array) of a number of seconds" },
        { "KpiTelemetry:Scrape:Enabled", "yes", "KpiTelemetry:Scrape:Enabled is 'yes'; allowed: true or false." },
        { "KpiTelemetry:CardinalityLimit", "2k", "KpiTelemetry:CardinalityLimit is '2k'; allowed: an integer from 10 to 100000." },
        { "KpiTelemetry:Otlp:TimeoutMilliseconds", "1.5", "KpiTelemetry:Otlp:TimeoutMilliseconds is '1.5'; allowed: an integer from 100 to 600000." },
        { "KpiTelemetry:Scrape", "9464", "KpiTelemetry:Scrape is '9464'; allowed: a section with the settings Enabled, Path, Port, BindAddress, Hosts, ResponseCacheMilliseconds." },
        { "KpiTelemetry:ServiceName:First", "orders", "KpiTelemetry:ServiceName has nested keys such as KpiTelemetry:ServiceName:First; allowed: a single value." },
    };

    [Theory]
    [MemberData(nameof(BadSyntax))]
    public async Task A_value_that_is_not_of_its_settings_type_names_the_key_as_written_and_what_is_allowed(string key, string value, string message)
    {
        var error = await StartFailureAsync(new Dictionary<string, string?> { [key] = value });

        Assert.StartsWith(message, Assert.Single(error.Failures));
    }

    [Theory]
    [InlineData("KpiTelemetry:LatencyBucket:0", "KpiTelemetry:LatencyBucket is not a setting; allowed: ServiceName, ServiceVersion, DeploymentEnvironment, LatencyBuckets, ExcludedPaths, Meters, CardinalityLimit, Scrape, Otlp, Resources.")]
    [InlineData("KpiTelemetry:Scrape:Prot", "KpiTelemetry:Scrape:Prot is not a setting; allowed: Enabled, Path, Port, BindAddress, Hosts, ResponseCacheMilliseconds.")]
    [InlineData("KpiTelemetry:Otlp:Headers", "KpiTelemetry:Otlp:Headers is not a setting; allowed: Enabled, Endpoint, Protocol, ExportIntervalMilliseconds, TimeoutMilliseconds.")]
    [InlineData("KpiTelemetry:DefaultLatencyBuckets:0", "KpiTelemetry:DefaultLatencyBuckets is not a setting; allowed: ServiceName,")]
    public async Task A_misspelt_key_is_an_error_naming_it_and_the_settings_next_to_it(string key, string message)
    {
        var error = await StartFailureAsync(new Dictionary<string, string?> { [key] = "1" });

        Assert.StartsWith(message, Assert.Single(error.Failures));
    }

    [Fact]
    public async Task Keys_are_matched_without_regard_to_case_as_environment_variables_need()
    {
        await using var host = await KpiTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["KPITELEMETRY:SCRAPE:PATH"] = "/m",
            ["kpitelemetry:cardinalitylimit"] = "300",
        });

        var options = host.App.Services.GetRequiredService<IOptions<KpiTelemetryOptions>>().Value;

        Assert.Equal("/m", options.Scrape.Path);
        Assert.Equal(300, options.CardinalityLimit);
    }

    [Theory]
    [InlineData("KpiTelemetry:ServiceVersion", "KpiTelemetry:ServiceVersion is ''; allowed: a non-empty version, or leave it unset to use OTEL_RESOURCE_ATTRIBUTES or the entry assembly's version.")]
    [InlineData("KpiTelemetry:DeploymentEnvironment", "KpiTelemetry:DeploymentEnvironment is ''; allowed: a non-empty name such as 'production', or leave it unset to use OTEL_RESOURCE_ATTRIBUTES or the host environment.")]
    [InlineData("KpiTelemetry:ServiceName", "KpiTelemetry:ServiceName is ''; allowed: a non-empty name")]
    public async Task An_empty_resource_attribute_is_rejected_instead_of_overriding_the_environment_with_an_empty_label(string key, string message)
    {
        var error = await StartFailureAsync(new Dictionary<string, string?> { [key] = string.Empty });

        Assert.StartsWith(message, Assert.Single(error.Failures));
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS", "garbage", "OTEL_EXPORTER_OTLP_HEADERS entry 1 is not key=value; allowed: comma-separated key=value pairs with percent-encoded values, such as 'api-key=abc123,tenant=a'.")]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS", "api-key=s3cr3t,tenant", "OTEL_EXPORTER_OTLP_HEADERS entry 2 is not key=value; allowed:")]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS", "api-key=s3cr3t,", "OTEL_EXPORTER_OTLP_HEADERS entry 2 is not key=value; allowed:")]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_HEADERS", "=s3cr3t", "OTEL_EXPORTER_OTLP_METRICS_HEADERS entry 1 is not key=value; allowed:")]
    public async Task Malformed_otlp_headers_are_rejected_naming_the_variable_and_entry_but_never_a_value(string variable, string value, string message)
    {
        var error = await StartFailureAsync(new Dictionary<string, string?>
        {
            ["KpiTelemetry:Otlp:Enabled"] = "true",
            [variable] = value,
        });

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith(message, failure);
        Assert.DoesNotContain("s3cr3t", failure);
    }

    [Fact]
    public async Task Well_formed_otlp_headers_are_accepted_and_unchecked_while_otlp_is_off()
    {
        await using (await KpiTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["KpiTelemetry:Otlp:Enabled"] = "true",
            ["KpiTelemetry:Otlp:Endpoint"] = "http://127.0.0.1:9",
            ["OTEL_EXPORTER_OTLP_HEADERS"] = "api-key=a%3Db,tenant=team%20a",
        }))
        {
        }

        await using var off = await KpiTestHost.StartAsync(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_HEADERS"] = "garbage" });
    }

    [Fact]
    public async Task Each_failure_is_logged_once_as_critical_in_the_OtelKpi_category_before_start_up_stops()
    {
        var log = new System.Collections.Concurrent.ConcurrentQueue<KpiLogEntry>();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = KpiTestHost.Build(
                new Dictionary<string, string?> { ["KpiTelemetry:Scrape:Port"] = "70000", ["KpiTelemetry:CardinalityLimit"] = "1" },
                services: builder => builder.Logging.AddProvider(new OtelKpiLogCapture(log)));
            await app.StartAsync();
        });

        Assert.Equal(error.Failures, log.Select(e => e.Message));
        Assert.All(log, e => Assert.Equal(("OtelKpi", 1000, "InvalidConfiguration", LogLevel.Critical), (e.Category, e.EventId.Id, e.EventId.Name, e.Level)));
    }

    [Fact]
    public void Every_public_option_is_a_setting_of_the_schema_and_nothing_else_is()
    {
        static IEnumerable<string> Settings(Type type) => type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
            .Select(p => p.Name);

        Assert.Equal(Settings(typeof(KpiTelemetryOptions)), OtelKpi.Internal.KpiConfigurationSchema.KeysOf(string.Empty));
        Assert.Equal(Settings(typeof(KpiScrapeOptions)), OtelKpi.Internal.KpiConfigurationSchema.KeysOf("Scrape"));
        Assert.Equal(Settings(typeof(KpiOtlpOptions)), OtelKpi.Internal.KpiConfigurationSchema.KeysOf("Otlp"));
        Assert.Equal(Settings(typeof(KpiResourceMetricsOptions)), OtelKpi.Internal.KpiConfigurationSchema.KeysOf("Resources"));
    }

    [Fact]
    public async Task Every_setting_binds_from_json_environment_variables_and_the_command_line()
    {
        var prefix = "OTELKPI_TEST_" + Guid.NewGuid().ToString("N")[..8] + "_";
        Environment.SetEnvironmentVariable(prefix + "KpiTelemetry__Otlp__Protocol", "http/protobuf");
        Environment.SetEnvironmentVariable(prefix + "KpiTelemetry__Resources__ProcessEnabled", "false");
        try
        {
            await using var host = await KpiTestHost.StartAsync(services: builder =>
            {
                builder.Configuration.AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("""
                    { "KpiTelemetry": {
                        "ServiceName": "orders", "ServiceVersion": "1.2.3", "DeploymentEnvironment": "qa",
                        "LatencyBuckets": [0.1, 0.5, 2], "ExcludedPaths": [], "Meters": ["Orders.*"], "CardinalityLimit": 100,
                        "Scrape": { "Enabled": true, "Hosts": ["localhost"], "ResponseCacheMilliseconds": 10 },
                        "Otlp": { "Endpoint": "http://collector:4318", "ExportIntervalMilliseconds": 5000, "TimeoutMilliseconds": 2000 },
                        "Resources": { "Enabled": false, "FilesystemPath": "/data" } } }
                    """)));
                builder.Configuration.AddEnvironmentVariables(prefix);
                builder.Configuration.AddCommandLine(["--KpiTelemetry:Scrape:Path=/kpi", "--KpiTelemetry:Scrape:BindAddress=127.0.0.1"]);
            });

            var options = host.App.Services.GetRequiredService<IOptions<KpiTelemetryOptions>>().Value;

            Assert.Equal(("orders", "1.2.3", "qa"), (options.ServiceName, options.ServiceVersion, options.DeploymentEnvironment));
            Assert.Equal([0.1, 0.5, 2], options.LatencyBuckets);
            Assert.Empty(options.ExcludedPaths!);
            Assert.Equal(["Orders.*"], options.Meters);
            Assert.Equal(100, options.CardinalityLimit);
            Assert.Equal((true, "/kpi", null, "127.0.0.1", 10), (options.Scrape.Enabled, options.Scrape.Path, options.Scrape.Port, options.Scrape.BindAddress, options.Scrape.ResponseCacheMilliseconds));
            Assert.Equal(["localhost"], options.Scrape.Hosts);
            Assert.Equal((false, "http://collector:4318", "http/protobuf", 5000, 2000), (options.Otlp.Enabled, options.Otlp.Endpoint, options.Otlp.Protocol, options.Otlp.ExportIntervalMilliseconds, options.Otlp.TimeoutMilliseconds));
            Assert.Equal((false, false, "/data"), (options.Resources.Enabled, options.Resources.ProcessEnabled, options.Resources.FilesystemPath));
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "KpiTelemetry__Otlp__Protocol", null);
            Environment.SetEnvironmentVariable(prefix + "KpiTelemetry__Resources__ProcessEnabled", null);
        }
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

    /// <summary>Builds and starts the app as Program.cs would; validation fails in StartAsync(), where the host reports it.</summary>
    private static async Task<OptionsValidationException> StartFailureAsync(
        IDictionary<string, string?>? configuration = null,
        Action<KpiTelemetryOptions>? configure = null) =>
        await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = KpiTestHost.Build(configuration, configure);
            await app.StartAsync();
        });
}
