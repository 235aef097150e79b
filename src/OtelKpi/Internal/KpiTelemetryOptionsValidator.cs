using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using System.Globalization;
using System.Net;

namespace OtelKpi.Internal;

/// <summary>
/// Validates <see cref="KpiTelemetryOptions"/> when the host starts. Each failure names the configuration key
/// (or environment variable), the value found and what is allowed; the failures are logged before start-up
/// stops (<see cref="KpiStartupFailures"/>).
/// </summary>
internal sealed class KpiTelemetryOptionsValidator(IConfiguration? configuration, KpiStartupFailures? startupFailures)
    : IValidateOptions<KpiTelemetryOptions>
{
    private const string Section = KpiTelemetryOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, KpiTelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();
        if (configuration?.GetSection(Section) is { } section && section.Exists())
        {
            failures.AddRange(KpiConfigurationSchema.Check(section));
        }

        void Fail(string key, object? value, string allowed) =>
            failures.Add($"{Section}:{key} is {Show(value)}; allowed: {allowed}.");

        ValidateResource(options, Fail);

        if (options.LatencyBuckets is { } buckets && !AreValidBuckets(buckets))
        {
            Fail("LatencyBuckets", buckets, KpiSettingRules.LatencyBuckets);
        }

        for (var i = 0; i < (options.ExcludedPaths?.Count ?? 0); i++)
        {
            var path = options.ExcludedPaths![i];
            if (!IsValidPath(path))
            {
                Fail($"ExcludedPaths:{i}", path, KpiSettingRules.ExcludedPath);
            }
        }

        for (var i = 0; i < options.Meters.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Meters[i]))
            {
                Fail($"Meters:{i}", options.Meters[i], KpiSettingRules.Meter);
            }
        }

        if (options.CardinalityLimit is < 10 or > 100_000)
        {
            Fail("CardinalityLimit", options.CardinalityLimit, KpiSettingRules.CardinalityLimit);
        }

        ValidateScrape(options.Scrape, Fail);
        this.ValidateOtlp(options.Otlp, Fail, failures);

        if (failures.Count == 0)
        {
            // Checked here, the first start-up step, so that the failure is the first line a failed start prints;
            // the dedicated listener's own bind still catches a port taken in between.
            if (options.Scrape is { Enabled: true, Port: { } port } && startupFailures is not null && ScrapePortProbe.InUse(options.Scrape.BindAddress, port) is { } inUse)
            {
                throw ScrapePortProbe.Unavailable(startupFailures, options.Scrape, port, inUse);
            }

            return ValidateOptionsResult.Success;
        }

        startupFailures?.Report(failures);
        return ValidateOptionsResult.Fail(failures);
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

    /// <summary>An empty resource attribute would override OTEL_RESOURCE_ATTRIBUTES with an empty label.</summary>
    private static void ValidateResource(KpiTelemetryOptions options, Action<string, object?, string> fail)
    {
        if (options.ServiceName is { } serviceName && string.IsNullOrWhiteSpace(serviceName))
        {
            fail("ServiceName", serviceName, KpiSettingRules.ServiceName);
        }

        if (options.ServiceVersion is { } serviceVersion && string.IsNullOrWhiteSpace(serviceVersion))
        {
            fail("ServiceVersion", serviceVersion, KpiSettingRules.ServiceVersion);
        }

        if (options.DeploymentEnvironment is { } environment && string.IsNullOrWhiteSpace(environment))
        {
            fail("DeploymentEnvironment", environment, KpiSettingRules.DeploymentEnvironment);
        }
    }

    private static void ValidateScrape(KpiScrapeOptions scrape, Action<string, object?, string> fail)
    {
        if (!IsValidPath(scrape.Path) || scrape.Path == "/")
        {
            fail("Scrape:Path", scrape.Path, KpiSettingRules.ScrapePath);
        }

        if (scrape.Port is < 1 or > 65535)
        {
            fail("Scrape:Port", scrape.Port, KpiSettingRules.ScrapePort);
        }

        if (scrape.BindAddress is not null && !IPAddress.TryParse(scrape.BindAddress, out _))
        {
            fail("Scrape:BindAddress", scrape.BindAddress, KpiSettingRules.ScrapeBindAddress);
        }

        for (var i = 0; i < scrape.Hosts.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(scrape.Hosts[i]) || scrape.Hosts[i].Contains('/', StringComparison.Ordinal))
            {
                fail($"Scrape:Hosts:{i}", scrape.Hosts[i], KpiSettingRules.ScrapeHost);
            }
        }

        if (scrape.ResponseCacheMilliseconds is < 0 or > 60_000)
        {
            fail("Scrape:ResponseCacheMilliseconds", scrape.ResponseCacheMilliseconds, KpiSettingRules.ScrapeResponseCache);
        }
    }

    private void ValidateOtlp(KpiOtlpOptions otlp, Action<string, object?, string> fail, List<string> failures)
    {
        if (otlp.Protocol is { } protocol && !OtlpSettings.IsKnownProtocol(protocol))
        {
            fail("Otlp:Protocol", protocol, KpiSettingRules.OtlpProtocol);
        }
        else if (otlp.Protocol is null && otlp.Enabled && OtlpSettings.ProtocolFromEnvironment(configuration) is { } fromEnvironment
            && !OtlpSettings.IsKnownProtocol(fromEnvironment.Value))
        {
            fail($"Otlp:Protocol (from {fromEnvironment.Variable})", fromEnvironment.Value, KpiSettingRules.OtlpProtocol);
        }

        if (otlp.Endpoint is { } endpoint && !OtlpSettings.IsValidEndpoint(endpoint))
        {
            fail("Otlp:Endpoint", endpoint, KpiSettingRules.OtlpEndpoint);
        }
        else if (otlp.Endpoint is null && otlp.Enabled && OtlpSettings.EndpointFromEnvironment(configuration) is { } endpointFromEnvironment
            && !OtlpSettings.IsValidEndpoint(endpointFromEnvironment.Value))
        {
            fail($"Otlp:Endpoint (from {endpointFromEnvironment.Variable})", endpointFromEnvironment.Value, "an absolute http:// or https:// URI");
        }

        // Header values are often secrets: the message names the entry, never its value.
        if (otlp.Enabled && OtlpSettings.HeadersFromEnvironment(configuration) is { } headers
            && OtlpSettings.FirstMalformedHeader(headers.Value) is { } entry)
        {
            failures.Add($"{headers.Variable} entry {entry} is not key=value; allowed: {KpiSettingRules.OtlpHeaders}.");
        }

        if (otlp.ExportIntervalMilliseconds is < 1000 or > 3_600_000)
        {
            fail("Otlp:ExportIntervalMilliseconds", otlp.ExportIntervalMilliseconds, KpiSettingRules.OtlpExportInterval);
        }

        if (otlp.TimeoutMilliseconds is < 100 or > 600_000)
        {
            fail("Otlp:TimeoutMilliseconds", otlp.TimeoutMilliseconds, KpiSettingRules.OtlpTimeout);
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
