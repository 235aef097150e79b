using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using System.Globalization;
using System.Net;

namespace OtelKpi.Internal;

/// <summary>
/// Validates <see cref="KpiTelemetryOptions"/> when the host starts. Each failure names the
/// configuration key, the value found and what is allowed.
/// </summary>
internal sealed class KpiTelemetryOptionsValidator(IConfiguration? configuration) : IValidateOptions<KpiTelemetryOptions>
{
    private const string Section = KpiTelemetryOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, KpiTelemetryOptions options)
    {
        var failures = new List<string>();
        void Fail(string key, object? value, string allowed) =>
            failures.Add($"{Section}:{key} is {Show(value)}; allowed: {allowed}.");

        if (options.ServiceName is { } serviceName && string.IsNullOrWhiteSpace(serviceName))
        {
            Fail("ServiceName", serviceName, "a non-empty name, or leave it unset to use OTEL_SERVICE_NAME or the application name");
        }

        if (options.LatencyBuckets is { } buckets && !AreValidBuckets(buckets))
        {
            Fail("LatencyBuckets", buckets, "one or more finite positive numbers of seconds in strictly increasing order, such as [0.005, 0.01, 0.025]");
        }

        for (var i = 0; i < (options.ExcludedPaths?.Count ?? 0); i++)
        {
            var path = options.ExcludedPaths![i];
            if (!IsValidPath(path))
            {
                Fail($"ExcludedPaths:{i}", path, "a request path starting with '/' without query, fragment or spaces");
            }
        }

        for (var i = 0; i < options.Meters.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Meters[i]))
            {
                Fail($"Meters:{i}", options.Meters[i], "a meter name such as 'MyCompany.Orders' or a wildcard such as 'MyCompany.*'");
            }
        }

        if (options.CardinalityLimit is < 10 or > 100_000)
        {
            Fail("CardinalityLimit", options.CardinalityLimit, "an integer from 10 to 100000");
        }

        ValidateScrape(options.Scrape, Fail);
        this.ValidateOtlp(options.Otlp, Fail);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool AreValidBuckets(IList<double> buckets)
    {
        if (buckets.Count == 0)
        {
            return false;
        }

        for (var i = 0; i < buckets.Count; i++)
        {
            if (!double.IsFinite(buckets[i]) || buckets[i] <= 0 || (i > 0 && buckets[i] <= buckets[i - 1]))
            {
                return false;
            }
        }

        return true;
    }

    private static void ValidateScrape(KpiScrapeOptions scrape, Action<string, object?, string> fail)
    {
        if (!IsValidPath(scrape.Path) || scrape.Path == "/")
        {
            fail("Scrape:Path", scrape.Path, "a path other than '/' starting with '/' without query, fragment or spaces, such as '/metrics'");
        }

        if (scrape.Port is < 1 or > 65535)
        {
            fail("Scrape:Port", scrape.Port, "an integer from 1 to 65535, or unset to serve on the application's own port");
        }

        if (scrape.BindAddress is not null && !IPAddress.TryParse(scrape.BindAddress, out _))
        {
            fail("Scrape:BindAddress", scrape.BindAddress, "an IPv4 or IPv6 address such as '0.0.0.0', '127.0.0.1' or '::'");
        }

        for (var i = 0; i < scrape.Hosts.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(scrape.Hosts[i]) || scrape.Hosts[i].Contains('/', StringComparison.Ordinal))
            {
                fail($"Scrape:Hosts:{i}", scrape.Hosts[i], "a host name with an optional port, such as 'localhost', '*:9090' or 'metrics.internal'");
            }
        }

        if (scrape.ResponseCacheMilliseconds is < 0 or > 60_000)
        {
            fail("Scrape:ResponseCacheMilliseconds", scrape.ResponseCacheMilliseconds, "an integer from 0 to 60000");
        }
    }

    private void ValidateOtlp(KpiOtlpOptions otlp, Action<string, object?, string> fail)
    {
        const string AllowedProtocols = $"'{KpiOtlpOptions.GrpcProtocol}' or '{KpiOtlpOptions.HttpProtobufProtocol}'";
        if (otlp.Protocol is { } protocol && !OtlpSettings.IsKnownProtocol(protocol))
        {
            fail("Otlp:Protocol", protocol, AllowedProtocols);
        }
        else if (otlp.Protocol is null && otlp.Enabled && OtlpSettings.ProtocolFromEnvironment(configuration) is { } fromEnvironment
            && !OtlpSettings.IsKnownProtocol(fromEnvironment.Value))
        {
            fail($"Otlp:Protocol (from {fromEnvironment.Variable})", fromEnvironment.Value, AllowedProtocols);
        }

        if (otlp.Endpoint is { } endpoint && !OtlpSettings.IsValidEndpoint(endpoint))
        {
            fail("Otlp:Endpoint", endpoint, "an absolute http:// or https:// URI such as 'http://otel-collector:4317'");
        }
        else if (otlp.Endpoint is null && otlp.Enabled && OtlpSettings.EndpointFromEnvironment(configuration) is { } endpointFromEnvironment
            && !OtlpSettings.IsValidEndpoint(endpointFromEnvironment.Value))
        {
            fail($"Otlp:Endpoint (from {endpointFromEnvironment.Variable})", endpointFromEnvironment.Value, "an absolute http:// or https:// URI");
        }

        if (otlp.ExportIntervalMilliseconds is < 1000 or > 3_600_000)
        {
            fail("Otlp:ExportIntervalMilliseconds", otlp.ExportIntervalMilliseconds, "an integer from 1000 to 3600000");
        }

        if (otlp.TimeoutMilliseconds is < 100 or > 600_000)
        {
            fail("Otlp:TimeoutMilliseconds", otlp.TimeoutMilliseconds, "an integer from 100 to 600000");
        }
    }

    private static bool IsValidPath(string? path) =>
        !string.IsNullOrEmpty(path) && path[0] == '/' && path.IndexOfAny(['?', '#', ' ', '\t', '\r', '\n']) < 0;

    private static string Show(object? value) => value switch
    {
        null => "empty",
        string s => $"'{s}'",
        IEnumerable<double> numbers => "[" + string.Join(", ", numbers.Select(n => n.ToString(CultureInfo.InvariantCulture))) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "empty",
    };
}
