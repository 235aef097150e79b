using OtelKpi.Manifests;
using OtelKpi.Testing;

namespace OtelKpi.Rules.Tests.Support;

/// <summary>The shipped rule files rendered into a temporary directory, for a real Prometheus or vmalert to load.</summary>
public sealed class RenderedRules : IDisposable
{
    private RenderedRules(string directory, IReadOnlyList<string> files)
    {
        this.Directory = directory;
        this.Files = files;
    }

    /// <summary>The directory.</summary>
    public string Directory { get; }

    /// <summary>The rule files, full paths.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>
    /// Renders every template of rules/src with the shipped settings. <paramref name="forScale"/> multiplies every
    /// <c>for:</c> (1 gives exactly the shipped files): the parameter that lets an end-to-end test deliver real
    /// alerts in seconds while every expression, window and threshold stays as shipped.
    /// </summary>
    public static RenderedRules Write(double forScale = 1)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("otelkpi-rules-").FullName;
        var files = new List<string>();
        foreach (var name in PrometheusRuleSources.Names(RepositoryPaths.Root))
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, PrometheusRuleSources.Render(RepositoryPaths.Root, name, forScale));
            files.Add(path);
        }

        return new RenderedRules(directory, files);
    }

    /// <inheritdoc />
    public void Dispose() => System.IO.Directory.Delete(this.Directory, recursive: true);
}
