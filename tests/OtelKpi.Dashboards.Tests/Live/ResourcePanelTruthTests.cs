using System.Diagnostics;
using System.Globalization;
using OtelKpi.Testing;

namespace OtelKpi.Dashboards.Tests.Live;

/// <summary>
/// The Service KPI dashboard's CPU % and Memory % panels, queried from a real Prometheus that scrapes the sample
/// with the shipped configuration and rules, against the kernel's account of the sample process itself
/// (/proc/&lt;pid&gt;/stat and /proc/&lt;pid&gt;/status). An unrelated process burns a core next to it meanwhile, so a
/// panel that showed the machine's or a shared group's use instead of the service's would be far off.
/// </summary>
public class ResourcePanelTruthTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int WindowSeconds = 10;

    private static readonly IReadOnlyDictionary<string, string> BuiltIns = new Dictionary<string, string>
    {
        ["__rate_interval"] = $"{WindowSeconds}s",
        ["__interval"] = "1s",
        ["__range"] = "5m",
    };

    [Fact]
    public async Task Cpu_and_memory_percent_are_the_service_process_own_use_not_the_machines()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // /proc is the oracle
        }

        await using var sample = await SampleServiceProcess.StartAsync(
            null, new SampleLaunch([], Settings: new Dictionary<string, string> { ["Sample__ResourceLoad__Enabled"] = "true" }));
        await using var prometheus = await PrometheusServer.StartAsync(ShippedPrometheusConfig.Derive(sample.Target, "1s"));
        using var neighbour = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "while :; do :; done"]))!;
        try
        {
            using var http = new HttpClient { BaseAddress = sample.Address, Timeout = TimeSpan.FromSeconds(60) };
            var burn = http.PostAsync(new Uri($"load/cpu?milliseconds={(WindowSeconds + 6) * 1000}&threads=1", UriKind.Relative), null);
            await Task.Delay(TimeSpan.FromSeconds(4)); // a few scrapes into the burn
            var (ownBefore, neighbourBefore) = (CpuSeconds(sample.ProcessId), CpuSeconds(neighbour.Id));
            await Task.Delay(TimeSpan.FromSeconds(WindowSeconds));
            var at = DateTimeOffset.UtcNow;
            var (ownAfter, neighbourAfter) = (CpuSeconds(sample.ProcessId), CpuSeconds(neighbour.Id));
            var residentBytes = ResidentBytes(sample.ProcessId);
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // the scrape that follows the reading
            (await burn).EnsureSuccessStatusCode();

            var run = await DashboardRun.OpenAsync("service-kpi.json", prometheus, BuiltIns);
            var cpuPercent = Assert.Single((await prometheus.QueryAsync(run.Query("CPU %"), at)).Series).Value;
            var memoryPercent = Assert.Single((await prometheus.QueryAsync(run.Query("Memory %"), at)).Series).Value;

            var ownCores = (ownAfter - ownBefore) / WindowSeconds;
            var neighbourCores = (neighbourAfter - neighbourBefore) / WindowSeconds;
            var expectedCpu = ownCores / Environment.ProcessorCount;
            var expectedMemory = residentBytes / (double)MemTotalBytes();
            var message = string.Create(CultureInfo.InvariantCulture,
                $"CPU % {cpuPercent:P1} vs the process's own {expectedCpu:P1} ({ownCores:0.00} cores; the neighbour used {neighbourCores:0.00}); Memory % {memoryPercent:P2} vs RSS {expectedMemory:P2}\n{sample.Log}");
            output.WriteLine(message[..message.IndexOf('\n', StringComparison.Ordinal)]);
            Assert.True(Math.Abs(cpuPercent - expectedCpu) <= Math.Max(0.05, expectedCpu * 0.15), message);
            Assert.True(Math.Abs(memoryPercent - expectedMemory) <= expectedMemory * 0.10, message);
            // The machine's use includes the neighbour's core: the panel must not.
            Assert.True(cpuPercent < expectedCpu + (neighbourCores / Environment.ProcessorCount / 2), message);
        }
        finally
        {
            neighbour.Kill();
            await neighbour.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Disk_usage_is_what_df_says_for_the_service_content_root()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // df and /proc are the oracle
        }

        await using var sample = await SampleServiceProcess.StartAsync(null, new SampleLaunch([]));
        await using var prometheus = await PrometheusServer.StartAsync(ShippedPrometheusConfig.Derive(sample.Target, "1s"));
        // The sample's content root is its working directory (WebApplication.CreateBuilder's default).
        var contentRoot = new DirectoryInfo($"/proc/{sample.ProcessId}/cwd").ResolveLinkTarget(returnFinalTarget: true)!.FullName;
        var run = await DashboardRun.OpenAsync("service-kpi.json", prometheus, BuiltIns);
        var query = run.Query("Disk Usage");
        var wait = Stopwatch.StartNew();
        while ((await prometheus.QueryAsync(query, DateTimeOffset.UtcNow)).Series.Count == 0)
        {
            Assert.True(wait.Elapsed < TimeSpan.FromSeconds(60), $"no Disk Usage after 60 s: {query}\n{sample.Log}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var at = DateTimeOffset.UtcNow;
        var df = await CommandLine.RunAsync("df", ["-B1", "--output=used,avail,pcent", contentRoot], timeout: TimeSpan.FromSeconds(10));
        var figures = df.EnsureSuccess("df").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var (used, available) = (double.Parse(figures[0], CultureInfo.InvariantCulture), double.Parse(figures[1], CultureInfo.InvariantCulture));

        var panel = Assert.Single((await prometheus.QueryAsync(query, at)).Series).Value;

        var expected = used / (used + available);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Disk Usage {panel:P2} vs df {expected:P2} (df's Use% {figures[2]}) for {contentRoot}"));
        // Other processes write to the same disk meanwhile: a tenth of a percentage point of slack.
        Assert.InRange(panel, expected - 0.001, expected + 0.001);
        // df rounds Use% up to a whole percent.
        Assert.Equal(figures[2], string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(panel * 100)}%"));
    }

    /// <summary>utime + stime of /proc/&lt;pid&gt;/stat in seconds (USER_HZ is 100 on every Linux ABI .NET runs on).</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static long ResidentBytes(int pid) =>
        KibibyteLine($"/proc/{pid}/status", "VmRSS:");

    private static long MemTotalBytes() => KibibyteLine("/proc/meminfo", "MemTotal:");

    private static long KibibyteLine(string path, string key) =>
        long.Parse(File.ReadLines(path).Single(l => l.StartsWith(key, StringComparison.Ordinal))[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
}
