using OtelKpi.Testing;

namespace OtelKpi.Tests.Packaging;

/// <summary>
/// Both packages, packed once per test run into a local folder feed. The version is unique per run so that
/// NuGet's global package cache never serves a package packed by an earlier run.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    public string Work { get; } = Path.Combine(Path.GetTempPath(), "otelkpi-pack-" + Guid.NewGuid().ToString("N")[..8]);

    public string Version { get; } = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

    public string Feed => Path.Combine(this.Work, "feed");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(this.Feed);
        foreach (var project in new[] { "src/OtelKpi/OtelKpi.csproj", "src/OtelKpi.Instrumentation.Container/OtelKpi.Instrumentation.Container.csproj" })
        {
            // A separate artifacts path keeps this build away from the solution's own bin and obj folders.
            (await CommandLine.RunAsync(
                "dotnet",
                ["pack", RepositoryPaths.Of(project), "-c", "Release", "-o", this.Feed, "--artifacts-path", Path.Combine(this.Work, "artifacts"), $"-p:Version={this.Version}"],
                timeout: TimeSpan.FromMinutes(4))).EnsureSuccess($"dotnet pack {project}");
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(this.Work, recursive: true);
        return Task.CompletedTask;
    }
}
