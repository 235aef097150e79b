using System.IO.Compression;
using System.Net;
using System.Xml.Linq;
using OtelKpi.Testing;

namespace OtelKpi.Tests.Packaging;

/// <summary>
/// Packs the library as it would be published and consumes it the way a user does: from a package feed,
/// in a fresh application that is built, started and scraped.
/// </summary>
public sealed class PackagingTests(PackedFeed packed) : IClassFixture<PackedFeed>
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
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{this.Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
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

        (await CommandLine.RunAsync("dotnet", ["build", "-c", "Release", "-o", Path.Combine(app, "out")], app, timeout: TimeSpan.FromMinutes(4)))
            .EnsureSuccess("building the consumer application");

        var port = FreeTcpPort.Next();
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(app, "out", "Consumer.dll"), "--urls", $"http://127.0.0.1:{port}" },
            WorkingDirectory = Path.Combine(app, "out"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilServingAsync(client);
            Assert.Equal("Hello otel", await client.GetStringAsync("/hello/otel"));

            var scrape = await client.ScrapeUntilRequestCountAsync(1);

            var hello = Assert.Single(scrape.Series("http_server_request_duration_seconds_count"));
            Assert.Equal("/hello/{name}", hello.Label("http_route"));
            Assert.Equal("Consumer", scrape.Single("target_info").Label("service_name"));
            Assert.Contains("process_cpu_seconds_total", scrape.Names);
            Assert.Contains("otelkpi_container_memory_working_set_bytes", scrape.Names);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task WaitUntilServingAsync(HttpClient client)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                using var response = await client.GetAsync("/metrics");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The consumer application did not start serving.");
    }
}
