using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace OtelKpi.Internal;

/// <summary>
/// Binds the <c>KpiTelemetry</c> section before any code configuration runs, with the configuration binding
/// source generator (EnableConfigurationBindingGenerator), so binding survives trimming and Native AOT. A
/// section with a misspelt key or a value of the wrong type is not bound at all: the validator then reports
/// each problem (<see cref="KpiConfigurationSchema"/>) and start-up stops.
/// </summary>
internal sealed class KpiTelemetryConfigurationBinder(IConfiguration? configuration) : IConfigureOptions<KpiTelemetryOptions>
{
    public void Configure(KpiTelemetryOptions options)
    {
        var section = configuration?.GetSection(KpiTelemetryOptions.SectionName);
        if (section is null || !section.Exists() || KpiConfigurationSchema.Check(section).Count > 0)
        {
            return;
        }

        try
        {
            section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            // Only when the schema and the generated binder disagree, which a test guards against.
            throw new OptionsValidationException(
                KpiTelemetryOptions.SectionName,
                typeof(KpiTelemetryOptions),
                [$"{KpiTelemetryOptions.SectionName} configuration is invalid: {e.Message}"]);
        }

        // JSON "[]" arrives as a key with no value and an empty environment variable as one with an empty
        // value; the binder skips both. For these lists that means "none", not "the defaults".
        if (IsEmptyList(section, nameof(KpiTelemetryOptions.ExcludedPaths)))
        {
            options.ExcludedPaths = [];
        }

        if (IsEmptyList(section, nameof(KpiTelemetryOptions.LatencyBuckets)))
        {
            options.LatencyBuckets = [];
        }
    }

    private static bool IsEmptyList(IConfigurationSection section, string name) =>
        section.GetChildren().FirstOrDefault(c => string.Equals(c.Key, name, StringComparison.OrdinalIgnoreCase)) is { } list
        && string.IsNullOrEmpty(list.Value)
        && !list.GetChildren().Any();
}
