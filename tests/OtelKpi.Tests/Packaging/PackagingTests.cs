using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using OtelKpi.Testing;

namespace OtelKpi.Tests.Packaging;

/// <summary>
/// Packs the library as it would be published and consumes it the way a user does: from a package feed,
/// in a fresh application that is built, started and scraped.
/// </summary>
public sealed partial class PackagingTests(PackedFeed packed) : IClassFixture<PackedFeed>
{
    private string Feed => packed.Feed;

    private string Version => packed.Version;

    private string Work => packed.Work;

    [Fact]
    public void The_packages_carry_readme_license_repository_xml_docs_and_dependencies()
    {
        foreach (var id in new[] { "OtelKpi", "OtelKpi.Instrumentation.Container" })
        {
            using var package = ZipFile.OpenRead(Path.Combine(this.Feed, $"{id}.{this.Version}.nupkg"));
            var entries = package.Entries.Select(e => e.FullName).ToHashSet();

            Assert.Contains("README.md", entries);
            Assert.Contains($"lib/net10.0/{id}.dll", entries);
            Assert.Contains($"lib/net10.0/{id}.xml", entries);

            XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
            using var nuspecStream = package.GetEntry($"{id}.nuspec")!.Open();
            var metadata = XDocument.Load(nuspecStream).Root!.Element(ns + "metadata")!;
            Assert.Equal("Apache-2.0", metadata.Element(ns + "license")?.Value);
            Assert.Equal("expression", metadata.Element(ns + "license")?.Attribute("type")?.Value);
            Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
            Assert.StartsWith("https://github.com/", metadata.Element(ns + "repository")?.Attribute("url")?.Value);
            Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value));
        }

        using var distribution = ZipFile.OpenRead(Path.Combine(this.Feed, $"OtelKpi.{this.Version}.nupkg"));
        using var stream = distribution.GetEntry("OtelKpi.nuspec")!.Open();
        var dependencies = XDocument.Load(stream).Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => e.Attribute("id")!.Value, e => e.Attribute("version")!.Value);
        Assert.Equal(this.Version, dependencies["OtelKpi.Instrumentation.Container"]);
        Assert.Contains("OpenTelemetry.Exporter.Prometheus.AspNetCore", dependencies.Keys);
        Assert.Contains("OpenTelemetry.Instrumentation.AspNetCore", dependencies.Keys);
    }

    [Fact]
    public async Task A_new_application_built_from_the_feed_serves_the_kpi_metrics()
    {
        var app = Path.Combine(this.Work, "consumer");
        Directory.CreateDirectory(app);
        // Restores go to the run's own package folder (deleted with it); the user's global one only lends the
        // dependencies, read-only.
        var fallback = packed.GlobalPackages is { } global
            ? $"""<fallbackPackageFolders><add key="global" value="{global}" /></fallbackPackageFolders>"""
            : string.Empty;
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{this.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              {fallback}
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="OtelKpi" Version="{this.Version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddKpiTelemetry();
            var app = builder.Build();
            app.MapKpiMetrics();
            app.MapGet("/hello/{name}", (string name) => $"Hello {name}");
            app.Run();
            """);

        (await CommandLine.RunAsync("dotnet", ["build", "-c", "Release", "-o", Path.Combine(app, "out")], app, packed.RestoreEnvironment, TimeSpan.FromMinutes(4)))
            .EnsureSuccess("building the consumer application");
        Assert.True(
            Directory.Exists(Path.Combine(packed.Packages, "otelkpi", this.Version.ToLowerInvariant())),
            $"OtelKpi {this.Version} was not restored into the run's own package folder {packed.Packages}.");

        // Port 0: Kestrel binds a port the kernel picks and logs it, so no other process can take it first.
        var output = new ProcessOutput();
        using var process = new Process
        {
            StartInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                ArgumentList = { Path.Combine(app, "out", "Consumer.dll"), "--urls", "http://127.0.0.1:0" },
                WorkingDirectory = Path.Combine(app, "out"),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["DOTNET_ENVIRONMENT"] = "Production" },
            },
        };
        output.Attach(process);
        process.Start();
        try
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var client = new HttpClient { BaseAddress = await WaitUntilServingAsync(process, output), Timeout = TimeSpan.FromSeconds(10) };
            Assert.Equal("Hello otel", await client.GetStringAsync("/hello/otel"));

            var scrape = await client.ScrapeUntilRequestCountAsync(1);

            var hello = Assert.Single(scrape.Series("http_server_request_duration_seconds_count"));
            Assert.Equal("/hello/{name}", hello.Label("http_route"));
            Assert.Equal("Consumer", scrape.Single("target_info").Label("service_name"));
            Assert.Contains("process_cpu_seconds_total", scrape.Names);
            Assert.Contains("otelkpi_container_memory_limit_bytes", scrape.Names);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>
    /// The consumer's address once its /metrics answers with the consumer's own target_info (so that the
    /// answer is known to come from this application, not from whatever else listens somewhere).
    /// </summary>
    private static async Task<Uri> WaitUntilServingAsync(Process process, ProcessOutput output)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The consumer application exited with code {process.ExitCode}.\n--- log\n{output.Text}");
            }

            if (ListeningOn().Match(output.Text) is { Success: true } match)
            {
                var address = new Uri(match.Groups[1].Value);
                try
                {
                    using var response = await http.GetAsync(new Uri(address, "/metrics"));
                    if (response.IsSuccessStatusCode
                        && PrometheusScrape.Parse(await response.Content.ReadAsStringAsync()).Series("target_info").Any(s => s.Label("service_name") == "Consumer"))
                    {
                        return address;
                    }
                }
                catch (HttpRequestException)
                {
                    // listening but not serving yet
                }
                catch (TaskCanceledException)
                {
                    // no answer within 5 s; the overall deadline still holds
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The consumer application did not serve its metrics within 60 s.\n--- log\n{output.Text}");
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();
}
