using OtelKpi.Testing;

namespace OtelKpi.Tests.Packaging;

/// <summary>
/// Both packages, packed once per test run into a local folder feed. The version is unique per run (time and a
/// random part), so that no package cache can serve a package packed by an earlier run; and what consumes the
/// feed restores into <see cref="Packages"/>, a package folder of this run's own that is deleted with it, so
/// that the test packages never pile up in the user's global NuGet cache.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    private static readonly string RunId = Guid.NewGuid().ToString("N")[..8];

    public string Work { get; } = Path.Combine(Path.GetTempPath(), "otelkpi-pack-" + RunId);

    /// <summary>Such as 0.1.0-test.20250101120000.r1a2b3c4d (the letter keeps the random part a valid SemVer identifier).</summary>
    public string Version { get; } =
        "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + ".r" + RunId;

    public string Feed => Path.Combine(this.Work, "feed");

    /// <summary>NUGET_PACKAGES for restores of the packed packages: this run's own, inside <see cref="Work"/>.</summary>
    public string Packages => Path.Combine(this.Work, "packages");

    /// <summary>
    /// The user's global packages folder, when it exists: a read-only fallback folder for such restores, so
    /// that the packages' dependencies come from there instead of being downloaded again.
    /// </summary>
    public string? GlobalPackages { get; private set; }

    /// <summary>The environment for a restore or build that consumes the feed.</summary>
    public IReadOnlyDictionary<string, string> RestoreEnvironment => new Dictionary<string, string> { ["NUGET_PACKAGES"] = this.Packages };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(this.Feed);
        Directory.CreateDirectory(this.Packages);
        foreach (var project in new[] { "src/OtelKpi/OtelKpi.csproj", "src/OtelKpi.Instrumentation.Container/OtelKpi.Instrumentation.Container.csproj" })
        {
            // A separate artifacts path keeps this build away from the solution's own bin and obj folders.
            (await CommandLine.RunAsync(
                "dotnet",
                ["pack", RepositoryPaths.Of(project), "-c", "Release", "-o", this.Feed, "--artifacts-path", Path.Combine(this.Work, "artifacts"), $"-p:Version={this.Version}"],
                timeout: TimeSpan.FromMinutes(4))).EnsureSuccess($"dotnet pack {project}");
        }

        var locals = (await CommandLine.RunAsync("dotnet", ["nuget", "locals", "global-packages", "--list"], this.Work, timeout: TimeSpan.FromMinutes(1)))
            .EnsureSuccess("dotnet nuget locals global-packages --list");
        const string Prefix = "global-packages:";
        var line = locals.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        var global = line?[Prefix.Length..].Trim();
        this.GlobalPackages = !string.IsNullOrEmpty(global) && Directory.Exists(global) ? global : null;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(this.Work, recursive: true);
        return Task.CompletedTask;
    }
}
