using System.Globalization;
using System.Runtime.InteropServices;

namespace OtelKpi.Tests;

public class ProcessMetricsTests
{
    [Fact]
    public async Task Cpu_seconds_are_user_plus_system_time_of_this_process()
    {
        await using var host = await KpiTestHost.StartAsync();
        BurnCpu(TimeSpan.FromMilliseconds(300));

        var before = Environment.CpuUsage;
        var scrape = await host.ScrapeAsync();
        var after = Environment.CpuUsage;

        var cpu = scrape.Single("process_cpu_seconds_total").Value;
        Assert.Equal("counter", scrape.Types["process_cpu_seconds_total"]);
        Assert.InRange(cpu, before.TotalTime.TotalSeconds, after.TotalTime.TotalSeconds);
        Assert.True(cpu > before.UserTime.TotalSeconds, $"{cpu} s includes the {before.UserTime.TotalSeconds} s of user time");
    }

    [Fact]
    public async Task Start_time_memory_and_descriptors_describe_this_process()
    {
        await using var host = await KpiTestHost.StartAsync();

        var scrape = await host.ScrapeAsync();

        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var reported = scrape.Single("process_start_time_seconds").Value;
        if (OperatingSystem.IsLinux())
        {
            // From the kernel, not from Process.StartTime as the library computes it: boot time (whole seconds,
            // and re-derived from the clock at each read, hence the one-second tolerance) plus the process's
            // start in clock ticks after boot.
            var expected = KernelProcessStartSeconds();
            Assert.True(Math.Abs(reported - expected) <= 1.5, $"process_start_time_seconds {reported:0.000}, the kernel says {expected:0.000}");
        }

        Assert.InRange(reported, DateTimeOffset.UtcNow.AddHours(-24).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.InRange(scrape.Single("process_resident_memory_bytes").Value, 10_000_000, process.VirtualMemorySize64);
        Assert.True(scrape.Single("process_virtual_memory_bytes").Value >= scrape.Single("process_resident_memory_bytes").Value);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(Directory.GetFiles("/proc/self/fd").Length, scrape.Single("process_open_fds").Value, tolerance: 20);
        }
    }

    /// <summary>/proc/stat btime plus /proc/self/stat starttime (field 22) divided by the clock tick rate.</summary>
    private static double KernelProcessStartSeconds()
    {
        var bootTime = File.ReadAllLines("/proc/stat").Single(l => l.StartsWith("btime ", StringComparison.Ordinal))["btime ".Length..];
        var stat = File.ReadAllText("/proc/self/stat");
        // Field 2, the command name in parentheses, may hold spaces: count fields after its closing parenthesis.
        var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var startTicks = long.Parse(afterName[22 - 3], CultureInfo.InvariantCulture);
        const int ScClkTck = 2; // sysconf(_SC_CLK_TCK): clock ticks per second, 100 on Linux
        return long.Parse(bootTime.Trim(), CultureInfo.InvariantCulture) + (startTicks / (double)SysConf(ScClkTck));
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SysConf(int name);

    private static void BurnCpu(TimeSpan duration)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var x = 0.0;
        while (stopwatch.Elapsed < duration)
        {
            x += Math.Sqrt(x + 1);
        }

        GC.KeepAlive(x);
    }
}
