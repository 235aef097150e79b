using Microsoft.Extensions.Options;

namespace OtelKpi.Sample;

/// <summary>The built-in traffic generator (<c>Sample:Traffic</c>): the settings at start-up.</summary>
public sealed class TrafficOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Sample:Traffic";

    /// <summary>Gets or sets a value indicating whether the service sends itself traffic.</summary>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the request rate, 1 to 2000 per second.</summary>
    public double RequestsPerSecond { get; set; } = TrafficSettings.Default.RequestsPerSecond;

    /// <summary>Gets or sets the share of requests that end in a 5xx, 0 to 1.</summary>
    public double ErrorRatio { get; set; } = TrafficSettings.Default.ErrorRatio;

    /// <summary>Gets or sets the share of requests to the slow reports route, 0 to 1.</summary>
    public double SlowRatio { get; set; } = TrafficSettings.Default.SlowRatio;

    /// <summary>Gets or sets the average duration of a slow request in seconds, 0.01 to 60.</summary>
    public double SlowSeconds { get; set; } = TrafficSettings.Default.SlowSeconds;

    /// <summary>Gets or sets the base address to send to; by default the service's own first address.</summary>
    public string? TargetUrl { get; set; }

    /// <summary>The traffic these options describe.</summary>
    public TrafficSettings ToSettings() => new(this.Enabled, this.RequestsPerSecond, this.ErrorRatio, this.SlowRatio, this.SlowSeconds);
}

/// <summary>Rejects traffic settings outside their documented ranges at start-up.</summary>
public sealed class TrafficOptionsValidator : IValidateOptions<TrafficOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TrafficOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.ToSettings().Problems(TrafficOptions.SectionName + ":").ToList();
        if (options.TargetUrl is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            failures.Add($"Sample:Traffic:TargetUrl is '{url}'; allowed: an absolute URL such as http://127.0.0.1:5080.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
