using OtelKpi.Manifests;

// Usage: dotnet run --project tools/OtelKpi.Manifests [-- --check]
var root = FindRepositoryRoot();
if (args.Contains("--check"))
{
    var stale = GeneratedManifests.Stale(root);
    foreach (var path in stale)
    {
        Console.Error.WriteLine($"stale: {path} (run: dotnet run --project tools/OtelKpi.Manifests)");
    }

    return stale.Count == 0 ? 0 : 1;
}

foreach (var path in GeneratedManifests.WriteAll(root))
{
    Console.WriteLine($"wrote {path}");
}

return 0;

static string FindRepositoryRoot()
{
    for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "OtelKpi.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("Run from inside the OtelKpi repository.");
}
