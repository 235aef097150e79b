using Microsoft.Extensions.Configuration;
using System.Globalization;

namespace OtelKpi.Internal;

/// <summary>
/// The keys of the <c>KpiTelemetry</c> section and the syntax of their values, checked before binding. Binding
/// itself is generated code (trimming- and AOT-safe) that stops at the first problem and cannot always say
/// where; this check names every misspelt key and every value that is not of its setting's type, with the
/// configuration path the user wrote (<c>KpiTelemetry:LatencyBuckets:2</c>) and what is allowed there.
/// </summary>
internal static class KpiConfigurationSchema
{
    private static readonly Setting Root = Section(
        ("ServiceName", Value()),
        ("ServiceVersion", Value()),
        ("DeploymentEnvironment", Value()),
        ("LatencyBuckets", List(Number(KpiSettingRules.LatencyBucket))),
        ("ExcludedPaths", List(Value())),
        ("Meters", List(Value())),
        ("CardinalityLimit", Integer(KpiSettingRules.CardinalityLimit)),
        ("Scrape", Section(
            ("Enabled", Boolean()),
            ("Path", Value()),
            ("Port", Integer(KpiSettingRules.ScrapePort)),
            ("BindAddress", Value()),
            ("Hosts", List(Value())),
            ("ResponseCacheMilliseconds", Integer(KpiSettingRules.ScrapeResponseCache)))),
        ("Otlp", Section(
            ("Enabled", Boolean()),
            ("Endpoint", Value()),
            ("Protocol", Value()),
            ("ExportIntervalMilliseconds", Integer(KpiSettingRules.OtlpExportInterval)),
            ("TimeoutMilliseconds", Integer(KpiSettingRules.OtlpTimeout)))),
        ("Resources", Section(
            ("Enabled", Boolean()),
            ("ProcessEnabled", Boolean()),
            ("FilesystemPath", Value()))));

    private enum Kind
    {
        Value,
        Boolean,
        Integer,
        Number,
        List,
        Section,
    }

    /// <summary>Every problem in <paramref name="section"/>, one message each, in configuration order.</summary>
    public static IReadOnlyList<string> Check(IConfigurationSection section)
    {
        var problems = new List<string>();
        Check(section, Root, problems);
        return problems;
    }

    /// <summary>The setting names directly under a section path such as <c>Scrape</c>; for a test that keeps this table true.</summary>
    internal static IEnumerable<string> KeysOf(string sectionPath)
    {
        var setting = Root;
        foreach (var part in sectionPath.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            setting = setting.Children![part];
        }

        return setting.Children!.Keys;
    }

    private static void Check(IConfigurationSection section, Setting setting, List<string> problems)
    {
        var children = section.GetChildren().ToList();
        switch (setting.Kind)
        {
            case Kind.Section:
                if (!string.IsNullOrEmpty(section.Value))
                {
                    problems.Add($"{section.Path} is '{section.Value}'; allowed: a section with the settings {string.Join(", ", setting.Children!.Keys)}.");
                }

                foreach (var child in children)
                {
                    if (setting.Children!.TryGetValue(child.Key, out var known))
                    {
                        Check(child, known, problems);
                    }
                    else
                    {
                        problems.Add($"{child.Path} is not a setting; allowed: {string.Join(", ", setting.Children.Keys)}.");
                    }
                }

                return;

            case Kind.List:
                if (children.Count == 0 && !string.IsNullOrEmpty(section.Value))
                {
                    problems.Add($"{section.Path} is '{section.Value}'; allowed: a list ({section.Path}:0, {section.Path}:1, ... or a JSON array) of {Describe(setting.Element!)}.");
                }

                foreach (var element in children)
                {
                    Check(element, setting.Element!, problems);
                }

                return;

            default:
                if (children.Count > 0)
                {
                    problems.Add($"{section.Path} has nested keys such as {children[0].Path}; allowed: {setting.Allowed}.");
                }
                else if (!string.IsNullOrEmpty(section.Value) && !IsValid(setting.Kind, section.Value))
                {
                    problems.Add($"{section.Path} is '{section.Value}'; allowed: {setting.Allowed}.");
                }

                return;
        }
    }

    /// <summary>The same parsing as the binding generator's, so what passes here binds.</summary>
    private static bool IsValid(Kind kind, string value) => kind switch
    {
        Kind.Boolean => bool.TryParse(value, out _),
        Kind.Integer => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        Kind.Number => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number),
        _ => true,
    };

    private static string Describe(Setting setting) => setting.Kind == Kind.Value ? "single values" : setting.Allowed!;

    private static Setting Value() => new(Kind.Value, KpiSettingRules.Text, null, null);

    private static Setting Boolean() => new(Kind.Boolean, KpiSettingRules.Boolean, null, null);

    private static Setting Integer(string allowed) => new(Kind.Integer, allowed, null, null);

    private static Setting Number(string allowed) => new(Kind.Number, allowed, null, null);

    private static Setting List(Setting element) => new(Kind.List, null, element, null);

    private static Setting Section(params (string Key, Setting Setting)[] children) =>
        new(Kind.Section, null, null, children.ToDictionary(c => c.Key, c => c.Setting, StringComparer.OrdinalIgnoreCase));

    private sealed record Setting(Kind Kind, string? Allowed, Setting? Element, Dictionary<string, Setting>? Children);
}
