using OtelKpi.Testing;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OtelKpi.Rules.Tests.Support;

/// <summary>
/// Reads the YAML files of Prometheus' tools (rule files, promtool test files) into typed models: keys are
/// snake_case, and an unknown key fails, so that a typo cannot hide a property.
/// </summary>
public static class PrometheusYaml
{
    private static readonly IDeserializer Reader = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>Parses <paramref name="yaml"/> as a <typeparamref name="T"/>.</summary>
    public static T Parse<T>(string yaml) => Reader.Deserialize<T>(yaml);

    /// <summary>Reads the repository file <paramref name="relativePath"/> as a <typeparamref name="T"/>.</summary>
    public static T Load<T>(string relativePath) => Parse<T>(File.ReadAllText(RepositoryPaths.Of(relativePath)));
}
