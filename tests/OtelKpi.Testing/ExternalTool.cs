namespace OtelKpi.Testing;

/// <summary>
/// Finds the programs scripts/install-prerequisites.sh provides (prometheus, promtool, wrk): on the PATH, where
/// apt-get install puts them, else in this repository's .tools/bin, where that script unpacks them when it has
/// neither root nor sudo.
/// </summary>
public static class ExternalTool
{
    /// <summary>The full path of <paramref name="name"/>, or null when it is neither on the PATH nor in .tools/bin.</summary>
    public static string? Find(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(RepositoryPaths.Of(".tools/bin"));
        return directories.Select(directory => Path.Combine(directory, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// What to start for <paramref name="fileName"/>: a bare program name found by <see cref="Find"/> becomes its
    /// full path; anything else (a path, or a program found nowhere, so that starting it fails as usual) stays.
    /// </summary>
    public static string Resolve(string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        return fileName.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) ? fileName : Find(fileName) ?? fileName;
    }
}
