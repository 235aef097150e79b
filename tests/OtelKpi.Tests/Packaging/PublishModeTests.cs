using System.Globalization;
using System.Net;
using System.Net.Sockets;
using OtelKpi.Testing;
using Xunit.Abstractions;

namespace OtelKpi.Tests.Packaging;

/// <summary>
/// The probe, a minimal API service consuming the packed package, published as users ship services (JIT,
/// trimmed, Native AOT) and configured only through <c>KpiTelemetry__*</c> environment variables: every setting
/// must bind, and every bad one must stop start-up naming its key, in each mode.
/// </summary>
[Collection(PackedFeedConsumers.Name)]
public sealed class PublishModeTests(PackedFeed packed, ITestOutputHelper output)
{
    public static readonly TheoryData<PublishMode> Modes = [PublishMode.Jit, PublishMode.Trimmed, PublishMode.Aot];

    public static readonly TheoryData<PublishMode, string, string> BadSettings = Cases();

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Publishing_reports_no_trim_or_aot_warning(PublishMode mode)
    {
        var probe = await packed.PublishedAsync(mode);
        output.WriteLine($"dotnet publish ({mode}) took {probe.Duration.TotalSeconds:0.0} s");

        Assert.DoesNotMatch(@"warning (IL|NU)\d+", probe.Output);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Environment_settings_move_metrics_to_the_scrape_port_and_reach_target_info(PublishMode mode)
    {
        var probe = await packed.PublishedAsync(mode);
        var serviceName = "probe-" + mode.ToString().ToLowerInvariant();
        var (process, scrapePort) = await StartWithScrapePortAsync(probe, new Dictionary<string, string>
        {
            ["KpiTelemetry__ServiceName"] = serviceName,
            ["KpiTelemetry__ServiceVersion"] = "7.1.0",
            ["KpiTelemetry__DeploymentEnvironment"] = "qa",
            ["KpiTelemetry__Scrape__BindAddress"] = "127.0.0.1",
            ["KpiTelemetry__Scrape__Path"] = "/kpi",
            ["KpiTelemetry__Otlp__Enabled"] = "true",
            ["KpiTelemetry__Otlp__Endpoint"] = "http://127.0.0.1:9",
            ["KpiTelemetry__Otlp__Protocol"] = "http/protobuf",
            ["KpiTelemetry__Otlp__ExportIntervalMilliseconds"] = "3600000",
            ["KpiTelemetry__Otlp__TimeoutMilliseconds"] = "1500",
            ["KpiTelemetry__Resources__ProcessEnabled"] = "false",
        });
        await using (process)
        {
            using var application = new HttpClient { BaseAddress = await process.WaitUntilListeningAsync(), Timeout = TimeSpan.FromSeconds(10) };
            using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{scrapePort}"), Timeout = TimeSpan.FromSeconds(10) };

            Assert.Equal("""{"id":7,"status":"shipped"}""", await application.GetStringAsync("/orders/7"));
            foreach (var path in new[] { "/kpi", "/metrics" })
            {
                using var onApplicationPort = await application.GetAsync(path);
                Assert.Equal(HttpStatusCode.NotFound, onApplicationPort.StatusCode);
            }

            var scrape = await scraper.ScrapeUntilRequestCountAsync(1, "/kpi");

            var target = scrape.Single("target_info");
            Assert.Equal((serviceName, "7.1.0", "qa"), (target.Label("service_name"), target.Label("service_version"), target.Label("deployment_environment")));
            // The order, and the unmatched GET /metrics on the application port; GET /kpi is the scrape path, never counted.
            var requests = scrape.Series("http_server_request_duration_seconds_count").ToList();
            Assert.Equal(2, requests.Sum(r => r.Value));
            Assert.Equal("/orders/{id:int}", Assert.Single(requests, r => r.Label("http_route") is not null).Label("http_route"));
            Assert.Equal("404", Assert.Single(requests, r => r.Label("http_route") is null).Label("http_response_status_code"));
            Assert.DoesNotContain(scrape.Names, n => n.StartsWith("process_", StringComparison.Ordinal));
            Assert.Contains("otelkpi_container_memory_limit_bytes", scrape.Names); // always exported, unlike usage (docs/metrics.md)
            Assert.Contains(
                "Exporting metrics over OTLP (http/protobuf) to http://127.0.0.1:9/v1/metrics every 3600000 ms, timeout 1500 ms",
                process.Output);
        }
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task A_bad_setting_stops_start_up_with_exit_code_78_and_its_key_as_the_first_log_entry(PublishMode mode, string settings, string message)
    {
        var probe = await packed.PublishedAsync(mode);
        var environment = settings.Split(';').Select(s => s.Split('=', 2)).ToDictionary(s => s[0], s => s[1]);

        await using var process = ProbeProcess.Start(probe, environment);
        var exitCode = await process.WaitForExitAsync();

        var lines = process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.True(exitCode == 78, $"exit code {exitCode}:\n{process.Output}");
        Assert.Equal("crit: OtelKpi[1000]", lines[0]);
        Assert.StartsWith(message, lines[1].Trim());
        Assert.StartsWith("OtelKpi stopped start-up (exit code 78): " + message, lines[^1]);
        Assert.DoesNotContain("Unhandled exception", process.Output);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_scrape_port_already_taken_stops_start_up_naming_the_key_and_the_port(PublishMode mode)
    {
        var probe = await packed.PublishedAsync(mode);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        await using var process = ProbeProcess.Start(probe, new Dictionary<string, string>
        {
            ["KpiTelemetry__Scrape__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["KpiTelemetry__Scrape__BindAddress"] = "127.0.0.1",
        });
        var exitCode = await process.WaitForExitAsync();

        var lines = process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        var message = $"KpiTelemetry:Scrape:Port is {port}, which another process already listens on (127.0.0.1); allowed: a port no other process listens on, or unset to serve on the application's own port.";
        Assert.True(exitCode == 78, $"exit code {exitCode}:\n{process.Output}");
        Assert.Equal("crit: OtelKpi[1001]", lines[0]);
        Assert.Equal(message, lines[1].Trim());
        Assert.Equal("OtelKpi stopped start-up (exit code 78): " + message, lines[^1]);
        Assert.DoesNotContain("Now listening on", process.Output);
    }

    private static TheoryData<PublishMode, string, string> Cases()
    {
        (string Settings, string Message)[] cases =
        [
            ("KpiTelemetry__Scrape__Port=70000", "KpiTelemetry:Scrape:Port is 70000; allowed: an integer from 1 to 65535, or unset to serve on the application's own port."),
            ("KpiTelemetry__LatencyBuckets__0=abc", "KpiTelemetry:LatencyBuckets:0 is 'abc'; allowed: a number of seconds with '.' as the decimal point, such as 0.25."),
            ("KpiTelemetry__ServiceVersion=", "KpiTelemetry:ServiceVersion is ''; allowed: a non-empty version"),
            ("KpiTelemetry__Scrape__Prot=9464", "KpiTelemetry:Scrape:Prot is not a setting; allowed: Enabled, Path, Port, BindAddress, Hosts, ResponseCacheMilliseconds."),
            ("KpiTelemetry__Otlp__Enabled=true;OTEL_EXPORTER_OTLP_HEADERS=garbage", "OTEL_EXPORTER_OTLP_HEADERS entry 1 is not key=value; allowed:"),
        ];
        var data = new TheoryData<PublishMode, string, string>();
        foreach (var mode in Enum.GetValues<PublishMode>())
        {
            foreach (var (settings, message) in cases)
            {
                data.Add(mode, settings, message);
            }
        }

        return data;
    }

    /// <summary>
    /// Starts the probe with <c>Scrape:Port</c> on a port that was free a moment ago (the option cannot be 0);
    /// when another process takes it in between, the probe stops with OtelKpi[1001] and another port is tried.
    /// </summary>
    private static async Task<(ProbeProcess Process, int Port)> StartWithScrapePortAsync(PublishedProbe probe, Dictionary<string, string> environment)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeTcpPort.Next();
            environment["KpiTelemetry__Scrape__Port"] = port.ToString(CultureInfo.InvariantCulture);
            var process = ProbeProcess.Start(probe, environment);
            try
            {
                await process.WaitUntilListeningAsync();
                return (process, port);
            }
            catch (Xunit.Sdk.XunitException) when (attempt < 3 && process.Output.Contains("OtelKpi[1001]", StringComparison.Ordinal))
            {
                await process.DisposeAsync();
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }
    }
}
