namespace OtelKpi.CollectorConfig.Tests.Support;

/// <summary>
/// The otelcol-contrib release the configurations and manifests are written for. Its component list is the
/// release's own build manifest (Pinned/otelcol-contrib-0.159.0-modules.txt); the component types below map
/// the names a configuration uses to the Go module that provides them, so a type is only accepted when its
/// module is in that release.
/// </summary>
internal static class OtelcolContrib
{
    /// <summary>The pinned release.</summary>
    public const string Version = "0.159.0";

    /// <summary>The container image the Kubernetes manifests must run.</summary>
    public const string Image = "otel/opentelemetry-collector-contrib:" + Version;

    private const string Core = "go.opentelemetry.io/collector/";
    private const string Contrib = "github.com/open-telemetry/opentelemetry-collector-contrib/";

    /// <summary>Component type (as written in a configuration) to its module, by kind.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ComponentModules =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
        {
            ["receivers"] = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["otlp"] = Core + "receiver/otlpreceiver",
                ["prometheus"] = Contrib + "receiver/prometheusreceiver",
                ["hostmetrics"] = Contrib + "receiver/hostmetricsreceiver",
                ["kubeletstats"] = Contrib + "receiver/kubeletstatsreceiver",
            },
            ["processors"] = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["memory_limiter"] = Core + "processor/memorylimiterprocessor",
                ["batch"] = Core + "processor/batchprocessor",
                ["k8s_attributes"] = Contrib + "processor/k8sattributesprocessor",
                ["resource"] = Contrib + "processor/resourceprocessor",
                ["resourcedetection"] = Contrib + "processor/resourcedetectionprocessor",
                ["transform"] = Contrib + "processor/transformprocessor",
                ["attributes"] = Contrib + "processor/attributesprocessor",
                ["filter"] = Contrib + "processor/filterprocessor",
            },
            ["exporters"] = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["prometheus_remote_write"] = Contrib + "exporter/prometheusremotewriteexporter",
                ["prometheus"] = Contrib + "exporter/prometheusexporter",
                ["load_balancing"] = Contrib + "exporter/loadbalancingexporter",
                ["otlp"] = Core + "exporter/otlpexporter",
                ["otlphttp"] = Core + "exporter/otlphttpexporter",
                ["debug"] = Core + "exporter/debugexporter",
            },
            ["extensions"] = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["health_check"] = Contrib + "extension/healthcheckextension",
                ["pprof"] = Contrib + "extension/pprofextension",
                ["zpages"] = Core + "extension/zpagesextension",
            },
            ["connectors"] = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["forward"] = Core + "connector/forwardconnector",
            },
        };

    /// <summary>
    /// Type names the release still accepts but deprecates (it logs "alias is deprecated" at start-up), with the
    /// name to use: contrib renamed them to snake case (k8sattributes in #45901, and the exporters alike).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> DeprecatedTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["k8sattributes"] = "k8s_attributes",
        ["prometheusremotewrite"] = "prometheus_remote_write",
        ["loadbalancing"] = "load_balancing",
    };

    private static readonly Lazy<ILookup<string, string>> ReleaseModules = new(() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Pinned", $"otelcol-contrib-{Version}-modules.txt"))
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split(' '))
            .ToLookup(parts => parts[0], parts => parts[1], StringComparer.Ordinal));

    /// <summary>The modules the release's build manifest lists for a kind.</summary>
    public static IReadOnlySet<string> ModulesOf(string kind) => ReleaseModules.Value[kind].ToHashSet(StringComparer.Ordinal);

    /// <summary>The module providing a component type in the pinned release, or null when it has none.</summary>
    public static string? ModuleOf(string kind, string componentType) =>
        ComponentModules.TryGetValue(kind, out var types) && types.TryGetValue(componentType, out var module) && ModulesOf(kind).Contains(module)
            ? module
            : null;
}
