using System.Runtime.InteropServices;
using OtelKpi.Testing;

namespace OtelKpi.Tests.Packaging;

/// <summary>The tests that consume the packed packages share one pack (and one publish per mode) per test run.</summary>
[CollectionDefinition(Name)]
public sealed class PackedFeedConsumers : ICollectionFixture<PackedFeed>
{
    public const string Name = "Packed feed";
}

/// <summary>
/// Both packages, packed once per test run exactly as a release is (<c>dotnet pack</c> with no version
/// argument), into a local folder feed. Whatever consumes the feed restores into <see cref="Packages"/>, a
/// package folder of this run's own that is deleted with it, so that a package packed from this checkout never
/// lands in the user's global NuGet cache (where another checkout's package of the same version would be taken
/// for it). The global folder lends everything else read-only; it is first warmed with the SDK's runtime and
/// Native AOT compiler packs, so publishing does not download them again on every run.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    private static readonly string[] Projects = ["src/OtelKpi/OtelKpi.csproj", "src/OtelKpi.Instrumentation.Container/OtelKpi.Instrumentation.Container.csproj"];
    private readonly Dictionary<PublishMode, Lazy<Task<PublishedProbe>>> published = [];

    public PackedFeed()
    {
        foreach (var mode in Enum.GetValues<PublishMode>())
        {
            this.published[mode] = new(() => PublishedProbe.PublishAsync(this, mode));
        }
    }

    public string Work { get; } = Path.Combine(Path.GetTempPath(), "otelkpi-pack-" + Guid.NewGuid().ToString("N")[..8]);

    public string Feed => Path.Combine(this.Work, "feed");

    /// <summary>The version the projects carry, read from the packed file names (such as 0.1.0-beta.1).</summary>
    public string Version { get; private set; } = string.Empty;

    /// <summary>What <c>dotnet pack</c> printed, per project.</summary>
    public IReadOnlyDictionary<string, string> PackOutput { get; private set; } = new Dictionary<string, string>();

    /// <summary>NUGET_PACKAGES for restores of the packed packages: this run's own, inside <see cref="Work"/>.</summary>
    public string Packages => Path.Combine(this.Work, "packages");

    /// <summary>The user's global packages folder, a read-only fallback for such restores; null when it cannot be used.</summary>
    public string? GlobalPackages { get; private set; }

    /// <summary>The environment for a restore or build that consumes the feed.</summary>
    public IReadOnlyDictionary<string, string> RestoreEnvironment => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = this.Packages,
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    /// <summary>This machine's runtime identifier, such as linux-x64, for self-contained publishing.</summary>
    public static string RuntimeIdentifier => RuntimeInformation.RuntimeIdentifier;

    /// <summary>The publish probe (tests/apps/OtelKpi.PublishProbe) published in <paramref name="mode"/>: once per run.</summary>
    public Task<PublishedProbe> PublishedAsync(PublishMode mode) => this.published[mode].Value;

    /// <summary>A nuget.config for <paramref name="directory"/>: OtelKpi packages only from the feed, the rest from nuget.org.</summary>
    public Task WriteNuGetConfigAsync(string directory)
    {
        var fallback = this.GlobalPackages is { } global
            ? $"""<fallbackPackageFolders><add key="global" value="{global}" /></fallbackPackageFolders>"""
            : string.Empty;
        return File.WriteAllTextAsync(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{this.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local">
                  <package pattern="OtelKpi" />
                  <package pattern="OtelKpi.*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
              {fallback}
            </configuration>
            """);
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(this.Feed);
        Directory.CreateDirectory(this.Packages);
        var output = new Dictionary<string, string>();
        foreach (var project in Projects)
        {
            // As a release is packed: no version or configuration argument (pack builds Release). The artifacts
            // path only keeps this build away from the solution's own bin and obj folders.
            var packed = (await CommandLine.RunAsync(
                "dotnet",
                ["pack", "--artifacts-path", Path.Combine(this.Work, "artifacts"), "-o", this.Feed],
                Path.GetDirectoryName(RepositoryPaths.Of(project)),
                timeout: TimeSpan.FromMinutes(4))).EnsureSuccess($"dotnet pack in {Path.GetDirectoryName(project)}");
            output[Path.GetFileNameWithoutExtension(project)] = packed.Output;
        }

        this.PackOutput = output;
        const string Prefix = "OtelKpi.Instrumentation.Container.";
        var container = Path.GetFileNameWithoutExtension(Directory.GetFiles(this.Feed, Prefix + "*.nupkg").Single());
        this.Version = container[Prefix.Length..];
        this.GlobalPackages = await this.UsableGlobalPackagesAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var probe in this.published.Values.Where(p => p.IsValueCreated))
        {
            try
            {
                await probe.Value;
            }
            catch (InvalidOperationException)
            {
                // A failed publish failed its tests already; the folder goes anyway.
            }
        }

        Directory.Delete(this.Work, recursive: true);
    }

    /// <summary>
    /// The global packages folder, warmed with the runtime and ILCompiler packs of trimmed and Native AOT
    /// publishing; null when it holds an OtelKpi package of this version, which a restore would take
    /// instead of the one just packed.
    /// </summary>
    private async Task<string?> UsableGlobalPackagesAsync()
    {
        var warm = Path.Combine(this.Work, "warm");
        Directory.CreateDirectory(warm);
        await File.WriteAllTextAsync(Path.Combine(warm, "Warm.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <PublishAot>true</PublishAot>
              </PropertyGroup>
            </Project>
            """);
        (await CommandLine.RunAsync("dotnet", ["restore", "-r", RuntimeIdentifier], warm, timeout: TimeSpan.FromMinutes(5)))
            .EnsureSuccess("restoring the runtime and ILCompiler packs into the global packages folder");

        var locals = (await CommandLine.RunAsync("dotnet", ["nuget", "locals", "global-packages", "--list"], this.Work, timeout: TimeSpan.FromMinutes(1)))
            .EnsureSuccess("dotnet nuget locals global-packages --list");
        const string Prefix = "global-packages:";
        var line = locals.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        var global = line?[Prefix.Length..].Trim();
        if (string.IsNullOrEmpty(global) || !Directory.Exists(global))
        {
            return null;
        }

        var stale = new[] { "otelkpi", "otelkpi.instrumentation.container" }
            .Any(id => Directory.Exists(Path.Combine(global, id, this.Version.ToLowerInvariant())));
        return stale ? null : global;
    }
}
