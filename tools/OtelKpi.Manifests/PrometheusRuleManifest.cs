using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OtelKpi.Manifests;

/// <summary>
/// deploy/kubernetes/prometheusrule.yaml: a prometheus-operator <c>PrometheusRule</c> whose
/// <c>spec.groups</c> are the groups of the shipped rule files (<see cref="PrometheusRuleSources"/>), in file
/// order, unchanged. They are rendered from their templates here rather than read from rules/, so the manifest
/// never depends on the order the generated files are written in. Comments of the plain files are not carried
/// over; their content is.
/// </summary>
internal sealed class PrometheusRuleManifest : IGeneratedManifest
{
    /// <summary>The <c>metadata.name</c> of the resource.</summary>
    public const string ResourceName = "otelkpi-rules";

    /// <inheritdoc />
    public string OutputPath => "deploy/kubernetes/prometheusrule.yaml";

    /// <inheritdoc />
    public string Render(string repositoryRoot)
    {
        var groups = new YamlSequenceNode();
        var settings = PrometheusRuleSettings.Load(repositoryRoot);
        foreach (var name in PrometheusRuleSources.Names(repositoryRoot))
        {
            foreach (var group in GroupsOf(name, PrometheusRuleSources.Render(repositoryRoot, name, settings)))
            {
                groups.Add(group);
            }
        }

        var resource = new YamlMappingNode
        {
            { "apiVersion", "monitoring.coreos.com/v1" },
            { "kind", "PrometheusRule" },
            {
                "metadata", new YamlMappingNode
                {
                    { "name", ResourceName },
                    {
                        "labels", new YamlMappingNode
                        {
                            { "app.kubernetes.io/name", "otelkpi" },
                            { "app.kubernetes.io/component", "rules" },
                            { "app.kubernetes.io/part-of", "otelkpi" },
                        }
                    },
                }
            },
            { "spec", new YamlMappingNode { { "groups", groups } } },
        };

        using var writer = new StringWriter { NewLine = "\n" };
        var emitterSettings = new EmitterSettings().WithBestWidth(int.MaxValue).WithIndentedSequences().WithNewLine("\n");
        new YamlStream(new YamlDocument(resource)).Save(new Emitter(writer, emitterSettings), assignAnchors: false);
        var yaml = writer.ToString();

        // YamlStream ends every document with an explicit "..." marker; a manifest does not need it.
        const string documentEnd = "...\n";
        if (yaml.EndsWith(documentEnd, StringComparison.Ordinal))
        {
            yaml = yaml[..^documentEnd.Length];
        }

        return GeneratedManifests.Header
            + "# The OtelKpi recording and alerting rules (rules/*.yml) for the prometheus-operator. Your Prometheus\n"
            + "# resource must select it: add these labels to its ruleSelector, or the labels it selects to this file\n"
            + "# through kustomize (kube-prometheus-stack selects release=<its release name> by default).\n"
            + yaml;
    }

    private static IEnumerable<YamlNode> GroupsOf(string file, string content)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(content))
        {
            stream.Load(reader);
        }

        if (stream.Documents.Count != 1
            || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("groups"), out var groups)
            || groups is not YamlSequenceNode sequence)
        {
            throw new InvalidDataException($"{file} is not a Prometheus rule file: one document with a 'groups' list.");
        }

        return sequence.Children;
    }
}
