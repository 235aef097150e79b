using System.Text;

namespace OtelKpi.Manifests;

/// <summary>
/// A Kubernetes ConfigMap that carries collector configuration files from collector-config/ verbatim,
/// one data key per file, so the deployed collectors run exactly the files the tests validate.
/// </summary>
public abstract class CollectorConfigMapManifest : IGeneratedManifest
{
    /// <summary>The namespace the collectors run in.</summary>
    public const string Namespace = "otelkpi";

    /// <inheritdoc />
    public abstract string OutputPath { get; }

    /// <summary>Gets the ConfigMap's name, as the workload's volume refers to it.</summary>
    public abstract string ConfigMapName { get; }

    /// <summary>Gets the app.kubernetes.io/name label of the workload that mounts the ConfigMap.</summary>
    public abstract string AppName { get; }

    /// <summary>Gets the wrapped files, relative to the repository root; each becomes the data key of its file name.</summary>
    public abstract IReadOnlyList<string> SourceFiles { get; }

    /// <inheritdoc />
    public string Render(string repositoryRoot)
    {
        var yaml = new StringBuilder(GeneratedManifests.Header)
            .Append("# Sources: ").Append(string.Join(", ", this.SourceFiles)).Append('\n')
            .Append("apiVersion: v1\n")
            .Append("kind: ConfigMap\n")
            .Append("metadata:\n")
            .Append("  name: ").Append(this.ConfigMapName).Append('\n')
            .Append("  namespace: ").Append(Namespace).Append('\n')
            .Append("  labels:\n")
            .Append("    app.kubernetes.io/name: ").Append(this.AppName).Append('\n')
            .Append("    app.kubernetes.io/part-of: otelkpi\n")
            .Append("data:\n");

        foreach (var source in this.SourceFiles)
        {
            var content = File.ReadAllText(Path.Combine(repositoryRoot, source.Replace('/', Path.DirectorySeparatorChar)));
            yaml.Append("  ").Append(Path.GetFileName(source)).Append(": |\n");
            AppendLiteralBlock(yaml, source, content);
        }

        return yaml.ToString();
    }

    /// <summary>
    /// Writes <paramref name="content"/> as the body of a YAML literal block (<c>|</c>), which keeps every
    /// character and exactly one final newline. Content the block cannot carry unchanged is refused.
    /// </summary>
    private static void AppendLiteralBlock(StringBuilder yaml, string source, string content)
    {
        if (content.Contains('\r', StringComparison.Ordinal) || content.Contains('\t', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{source}: carriage returns and tabs cannot be carried by a YAML literal block unchanged.");
        }

        if (!content.EndsWith('\n') || content.EndsWith("\n\n", StringComparison.Ordinal) || content.StartsWith(' '))
        {
            throw new InvalidOperationException($"{source}: must end with exactly one newline and not start with a space.");
        }

        foreach (var line in content[..^1].Split('\n'))
        {
            if (line.Length > 0)
            {
                yaml.Append("    ").Append(line);
            }

            yaml.Append('\n');
        }
    }
}
