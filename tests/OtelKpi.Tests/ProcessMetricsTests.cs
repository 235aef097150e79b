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
        var start = new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
        Assert.Equal(start, scrape.Single("process_start_time_seconds").Value, precision: 3);
        Assert.InRange(scrape.Single("process_resident_memory_bytes").Value, 10_000_000, process.VirtualMemorySize64);
        Assert.True(scrape.Single("process_virtual_memory_bytes").Value >= scrape.Single("process_resident_memory_bytes").Value);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(Directory.GetFiles("/proc/self/fd").Length, scrape.Single("process_open_fds").Value, tolerance: 20);
        }
    }

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
