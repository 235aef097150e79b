namespace OtelKpi.Manifests;

/// <summary>
/// A file that is produced from other files of the repository and must never be edited by hand.
/// Implementations are discovered by reflection: adding a class adds a manifest.
/// </summary>
public interface IGeneratedManifest
{
    /// <summary>The generated file, relative to the repository root, with forward slashes.</summary>
    string OutputPath { get; }

    /// <summary>Renders the file's full content from the sources under <paramref name="repositoryRoot"/>.</summary>
    string Render(string repositoryRoot);
}
