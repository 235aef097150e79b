using Microsoft.Extensions.Options;

namespace OtelKpi.Sample;

/// <summary>The built-in traffic generator (<c>Sample:Traffic</c>).</summary>
public sealed class TrafficOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Sample:Traffic";

    /// <summary>Gets or sets a value indicating whether the service sends itself traffic.</summary>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the request rate, 1 to 2000 per second.</summary>
    public double RequestsPerSecond { get; set; } = 20;

    /// <summary>Gets or sets the exact share of requests that end in a 5xx, 0 to 0.5.</summary>
    public double ErrorRatio { get; set; } = 0.05;

    /// <summary>Gets or sets the share of requests that take 0.6-1.2 s, 0 to 0.5.</summary>
    public double SlowRatio { get; set; } = 0.02;

    /// <summary>Gets or sets the base address to send to; by default the service's own first address.</summary>
    public string? TargetUrl { get; set; }
}

/// <summary>Rejects traffic settings outside their documented ranges at start-up.</summary>
public sealed class TrafficOptionsValidator : IValidateOptions<TrafficOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TrafficOptions options)
    {
        var failures = new List<string>();
        if (options.RequestsPerSecond is < 1 or > 2000)
        {
            failures.Add($"Sample:Traffic:RequestsPerSecond is {options.RequestsPerSecond}; allowed: 1 to 2000.");
        }

        if (options.ErrorRatio is < 0 or > 0.5)
        {
            failures.Add($"Sample:Traffic:ErrorRatio is {options.ErrorRatio}; allowed: 0 to 0.5.");
        }

        if (options.SlowRatio is < 0 or > 0.5)
        {
            failures.Add($"Sample:Traffic:SlowRatio is {options.SlowRatio}; allowed: 0 to 0.5.");
        }

        if (options.TargetUrl is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            failures.Add($"Sample:Traffic:TargetUrl is '{url}'; allowed: an absolute URL such as http://127.0.0.1:5080.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
