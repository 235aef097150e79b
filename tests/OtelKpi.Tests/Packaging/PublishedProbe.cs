using System.Diagnostics;
using OtelKpi.Testing;

namespace OtelKpi.Tests.Packaging;

/// <summary>The publish probe published in one mode: the command to start it and what publishing printed and took.</summary>
public sealed record PublishedProbe(PublishMode Mode, string FileName, IReadOnlyList<string> Arguments, string Output, TimeSpan Duration)
{
    private const string ProbeName = "OtelKpi.PublishProbe";

    /// <summary>The service name the probe reports when none is configured: its application (assembly) name.</summary>
    public static string ApplicationName => ProbeName;

    internal static async Task<PublishedProbe> PublishAsync(PackedFeed feed, PublishMode mode)
    {
        var source = Path.Combine(feed.Work, "probe-" + mode.ToString().ToLowerInvariant());
        var output = Path.Combine(source, "out");
        Directory.CreateDirectory(source);
        foreach (var file in Directory.GetFiles(RepositoryPaths.Of("tests/apps/" + ProbeName)))
        {
            File.Copy(file, Path.Combine(source, Path.GetFileName(file)));
        }

        await feed.WriteNuGetConfigAsync(source);
        string[] modeArguments = mode switch
        {
            PublishMode.Jit => [],
            PublishMode.Trimmed => ["-r", PackedFeed.RuntimeIdentifier, "-p:PublishTrimmed=true"],
            PublishMode.Aot => ["-r", PackedFeed.RuntimeIdentifier, "-p:PublishAot=true"],
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };

        var watch = Stopwatch.StartNew();
        var published = (await CommandLine.RunAsync(
            "dotnet",
            ["publish", "-c", "Release", "-o", output, $"-p:OtelKpiVersion={feed.Version}", .. modeArguments],
            source,
            feed.RestoreEnvironment,
            TimeSpan.FromMinutes(8))).EnsureSuccess($"dotnet publish of the probe ({mode})");
        watch.Stop();

        return mode == PublishMode.Jit
            ? new(mode, Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [Path.Combine(output, ProbeName + ".dll")], published.Output, watch.Elapsed)
            : new(mode, Path.Combine(output, ProbeName), [], published.Output, watch.Elapsed);
    }
}
