using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Resources;
using System.Reflection;

namespace OtelKpi.Internal;

/// <summary>
/// Sets the resource attributes that become <c>target_info</c> labels (and <c>job</c>/<c>instance</c> on the
/// OTLP path). It runs after OpenTelemetry's environment detectors and overrides them, so it applies
/// their precedence itself: explicit option, then OTEL_SERVICE_NAME, then OTEL_RESOURCE_ATTRIBUTES,
/// then values derived from the host.
/// </summary>
internal sealed class KpiResourceDetector(KpiTelemetryOptions options, IConfiguration? configuration, IHostEnvironment? environment)
    : IResourceDetector
{
    private static readonly string InstanceId = Guid.NewGuid().ToString();

    public Resource Detect()
    {
        var fromEnvironment = ParseResourceAttributes(configuration?["OTEL_RESOURCE_ATTRIBUTES"]);
        string? Attribute(string key) => fromEnvironment.TryGetValue(key, out var value) ? value : null;

        var serviceName = options.ServiceName
            ?? NullIfEmpty(configuration?["OTEL_SERVICE_NAME"])
            ?? Attribute("service.name")
            ?? environment?.ApplicationName
            ?? Assembly.GetEntryAssembly()?.GetName().Name
            ?? "unknown_service";

        var attributes = new Dictionary<string, object>
        {
            ["service.name"] = serviceName,
            ["service.version"] = options.ServiceVersion ?? Attribute("service.version") ?? EntryAssemblyVersion(),
            ["service.instance.id"] = Attribute("service.instance.id") ?? InstanceId,
            ["deployment.environment"] = options.DeploymentEnvironment
                ?? Attribute("deployment.environment")
                ?? Attribute("deployment.environment.name")
#pragma warning disable CA1308 // Environment label values are lower case by convention ("production"); nothing is compared.
                ?? environment?.EnvironmentName.ToLowerInvariant()
#pragma warning restore CA1308
                ?? "production",
        };

        return new Resource(attributes);
    }

    /// <summary>Parses "key1=value1,key2=value2" with percent-encoded values, as the specification defines.</summary>
    internal static Dictionary<string, string> ParseResourceAttributes(string? text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
        {
            return result;
        }

        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                result[pair[..equals].Trim()] = Uri.UnescapeDataString(pair[(equals + 1)..].Trim());
            }
        }

        return result;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string EntryAssemblyVersion()
    {
        var assembly = Assembly.GetEntryAssembly();
        var informational = assembly?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational?.Split('+')[0] ?? assembly?.GetName().Version?.ToString() ?? "unknown";
    }
}
