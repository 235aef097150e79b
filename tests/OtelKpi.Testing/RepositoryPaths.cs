namespace OtelKpi.Testing;

/// <summary>Locates files of this repository from a test's working directory.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OtelKpi.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No OtelKpi.sln above {AppContext.BaseDirectory}.");
    });

    /// <summary>The repository root, the directory holding OtelKpi.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary>A path below the repository root, given with forward slashes.</summary>
    public static string Of(string relativePath) => Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));
}
