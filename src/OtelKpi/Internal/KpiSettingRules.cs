namespace OtelKpi.Internal;

/// <summary>
/// What each setting allows, in the words every error message uses: the syntax check before binding
/// (<see cref="KpiConfigurationSchema"/>) and the validation after it (<see cref="KpiTelemetryOptionsValidator"/>)
/// describe a key the same way.
/// </summary>
internal static class KpiSettingRules
{
    public const string ServiceName = "a non-empty name, or leave it unset to use OTEL_SERVICE_NAME or the application name";
    public const string ServiceVersion = "a non-empty version, or leave it unset to use OTEL_RESOURCE_ATTRIBUTES or the entry assembly's version";
    public const string DeploymentEnvironment = "a non-empty name such as 'production', or leave it unset to use OTEL_RESOURCE_ATTRIBUTES or the host environment";
    public const string LatencyBuckets = "one or more finite positive numbers of seconds in strictly increasing order, such as [0.005, 0.01, 0.025]";
    public const string LatencyBucket = "a number of seconds with '.' as the decimal point, such as 0.25";
    public const string ExcludedPath = "a request path starting with '/' without query, fragment or spaces";
    public const string Meter = "a meter name such as 'MyCompany.Orders' or a wildcard such as 'MyCompany.*'";
    public const string CardinalityLimit = "an integer from 10 to 100000";
    public const string ScrapePath = "a path other than '/' starting with '/' without query, fragment or spaces, such as '/metrics'";
    public const string ScrapePort = "an integer from 1 to 65535, or unset to serve on the application's own port";
    public const string FreeScrapePort = "a port no other process listens on, or unset to serve on the application's own port";
    public const string ScrapeBindAddress = "an IPv4 or IPv6 address such as '0.0.0.0', '127.0.0.1' or '::'";
    public const string ScrapeHost = "a host name with an optional port, such as 'localhost', '*:9090' or 'metrics.internal'";
    public const string ScrapeResponseCache = "an integer from 0 to 60000";
    public const string OtlpProtocol = $"'{KpiOtlpOptions.GrpcProtocol}' or '{KpiOtlpOptions.HttpProtobufProtocol}'";
    public const string OtlpEndpoint = "an absolute http:// or https:// URI such as 'http://otel-collector:4317'";
    public const string OtlpHeaders = "comma-separated key=value pairs with percent-encoded values, such as 'api-key=abc123,tenant=a'";
    public const string OtlpExportInterval = "an integer from 1000 to 3600000";
    public const string OtlpTimeout = "an integer from 100 to 600000";
    public const string Boolean = "true or false";
    public const string Text = "a single value";
}
