using System.Diagnostics;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using OtelKpi.Testing;

namespace OtelKpi.Tests.Packaging;

/// <summary>
/// Packs the library as it is released and consumes it the way a user does: the README's own install command
/// against a package feed, in a fresh application that is built, started and scraped.
/// </summary>
[Collection(PackedFeedConsumers.Name)]
public sealed partial class PackagingTests(PackedFeed packed)
{
    private static readonly string[] PackageIds = ["OtelKpi", "OtelKpi.Instrumentation.Container"];

    // The SourceLink custom debug information of a portable PDB.
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    private string Feed => packed.Feed;

    private string Version => packed.Version;

    [Fact]
    public void Dotnet_pack_without_arguments_makes_a_prerelease_and_reports_no_warning()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+-[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$", this.Version);
        Assert.All(packed.PackOutput, pack => Assert.DoesNotMatch(@"(?i)\bwarning\b|NU5104", pack.Value));
        foreach (var id in PackageIds)
        {
            Assert.True(File.Exists(Path.Combine(this.Feed, $"{id}.{this.Version}.nupkg")), $"{id}.{this.Version}.nupkg was not packed");
            Assert.True(File.Exists(Path.Combine(this.Feed, $"{id}.{this.Version}.snupkg")), $"{id}.{this.Version}.snupkg was not packed");
        }
    }

    [Fact]
    public void The_packages_carry_readme_changelog_license_repository_xml_docs_and_dependencies()
    {
        foreach (var id in PackageIds)
        {
            using var package = ZipFile.OpenRead(Path.Combine(this.Feed, $"{id}.{this.Version}.nupkg"));
            var entries = package.Entries.Select(e => e.FullName).ToHashSet();

            Assert.Contains("README.md", entries);
            Assert.Contains($"lib/net10.0/{id}.dll", entries);
            Assert.Contains($"lib/net10.0/{id}.xml", entries);
            using (var changelog = new StreamReader(package.GetEntry("CHANGELOG.md")!.Open()))
            {
                Assert.Contains("\n## Unreleased\n", changelog.ReadToEnd().ReplaceLineEndings("\n"));
            }

            XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
            using var nuspecStream = package.GetEntry($"{id}.nuspec")!.Open();
            var metadata = XDocument.Load(nuspecStream).Root!.Element(ns + "metadata")!;
            Assert.Equal("Apache-2.0", metadata.Element(ns + "license")?.Value);
            Assert.Equal("expression", metadata.Element(ns + "license")?.Attribute("type")?.Value);
            Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
            Assert.Equal("https://github.com/otelkpi/otelkpi", metadata.Element(ns + "repository")?.Attribute("url")?.Value);
            Assert.Matches("^[0-9a-f]{40}$", metadata.Element(ns + "repository")?.Attribute("commit")?.Value ?? string.Empty);
            Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value));
        }

        using var distribution = ZipFile.OpenRead(Path.Combine(this.Feed, $"OtelKpi.{this.Version}.nupkg"));
        using var stream = distribution.GetEntry("OtelKpi.nuspec")!.Open();
        var dependencies = XDocument.Load(stream).Descendants().Where(e => e.Name.LocalName == "dependency")
            .ToDictionary(e => e.Attribute("id")!.Value, e => e.Attribute("version")!.Value);
        Assert.Equal(this.Version, dependencies["OtelKpi.Instrumentation.Container"]);
        Assert.DoesNotContain("OpenTelemetry.Exporter.Prometheus.AspNetCore", dependencies.Keys); // the scrape writer is OtelKpi's own
        Assert.Contains("OpenTelemetry.Instrumentation.AspNetCore", dependencies.Keys);
    }

    [Fact]
    public void The_symbol_packages_hold_portable_pdbs_whose_sourcelink_points_at_the_packed_commit()
    {
        foreach (var id in PackageIds)
        {
            XNamespace ns = "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd";
            string commit;
            using (var package = ZipFile.OpenRead(Path.Combine(this.Feed, $"{id}.{this.Version}.nupkg")))
            using (var nuspec = package.GetEntry($"{id}.nuspec")!.Open())
            {
                commit = XDocument.Load(nuspec).Root!.Element(ns + "metadata")!.Element(ns + "repository")!.Attribute("commit")!.Value;
            }

            using var symbols = ZipFile.OpenRead(Path.Combine(this.Feed, $"{id}.{this.Version}.snupkg"));
            using var pdb = new MemoryStream();
            using (var entry = symbols.GetEntry($"lib/net10.0/{id}.pdb")!.Open())
            {
                entry.CopyTo(pdb);
            }

            pdb.Position = 0;
            using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
            var reader = provider.GetMetadataReader();
            var sourceLink = reader.CustomDebugInformation
                .Select(reader.GetCustomDebugInformation)
                .Where(info => reader.GetGuid(info.Kind) == SourceLinkKind)
                .Select(info => System.Text.Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value)))
                .Single();

            Assert.Contains($"\"https://raw.githubusercontent.com/otelkpi/otelkpi/{commit}/*\"", sourceLink);
            Assert.Contains(reader.Documents.Select(d => reader.GetString(reader.GetDocument(d).Name)), path => path.EndsWith(".cs", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_readme_install_command_and_quick_start_work_verbatim_against_the_feed()
    {
        var readme = await File.ReadAllTextAsync(RepositoryPaths.Of("README.md"));
        var install = InstallCommand().Match(readme);
        Assert.True(install.Success, "README.md has no ```bash block with a 'dotnet add package OtelKpi' line.");
        var quickStart = QuickStart().Match(readme);
        Assert.True(quickStart.Success, "README.md has no ```csharp block starting with WebApplication.CreateBuilder.");

        var app = Path.Combine(packed.Work, "readme-consumer");
        Directory.CreateDirectory(app);
        await packed.WriteNuGetConfigAsync(app);
        (await CommandLine.RunAsync("dotnet", ["new", "web", "--name", "Consumer", "--output", app, "--no-restore"], app, packed.RestoreEnvironment, TimeSpan.FromMinutes(2)))
            .EnsureSuccess("dotnet new web");

        var command = install.Groups["command"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        (await CommandLine.RunAsync(command[0], command[1..], app, packed.RestoreEnvironment, TimeSpan.FromMinutes(4)))
            .EnsureSuccess($"the README's install command '{install.Groups["command"].Value}'");
        Assert.Contains($"<PackageReference Include=\"OtelKpi\" Version=\"{this.Version}\" />", await File.ReadAllTextAsync(Path.Combine(app, "Consumer.csproj")));

        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), quickStart.Groups["code"].Value);
        (await CommandLine.RunAsync("dotnet", ["build", "-c", "Release", "-o", Path.Combine(app, "out")], app, packed.RestoreEnvironment, TimeSpan.FromMinutes(4)))
            .EnsureSuccess("building the README's quick start");
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
            Assert.Equal("42", await client.GetStringAsync("/orders/42"));

            var scrape = await client.ScrapeUntilRequestCountAsync(1);

            var orders = Assert.Single(scrape.Series("http_server_request_duration_seconds_count"));
            Assert.Equal("/orders/{id}", orders.Label("http_route"));
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

    [GeneratedRegex(@"```bash\n(?<command>dotnet add package OtelKpi\b[^\n#]*?)\s*\n")]
    private static partial Regex InstallCommand();

    [GeneratedRegex(@"```csharp\n(?<code>var builder = WebApplication\.CreateBuilder\(args\);\n.*?)```", RegexOptions.Singleline)]
    private static partial Regex QuickStart();
}
