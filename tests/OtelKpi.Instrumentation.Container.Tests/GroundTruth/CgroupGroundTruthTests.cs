using System.Diagnostics;
using OtelKpi.Testing.Kernel;
using OtelKpi.Testing;
using Xunit.Abstractions;

namespace OtelKpi.Instrumentation.Container.Tests.GroundTruth;

/// <summary>
/// The sample service run inside real kernel cgroups and a network namespace made by the test, its /metrics
/// compared with the kernel's own files and with the limits the test set. No fixture: the kernel is the oracle.
/// </summary>
[Collection(KernelGroundTruth.Name)]
public class CgroupGroundTruthTests(ITestOutputHelper output)
{
    private const long QuotaMicroseconds = 50_000; // 0.5 core per 100 ms period
    private const long MemoryLimit = 512L * 1024 * 1024;
    private const int AllocatedMebibytes = 200;
    private const int PayloadBytes = 8 * 1024 * 1024;

    private static readonly string[] UsageSeries =
    [
        "otelkpi_container_cpu_usage_seconds_total", "otelkpi_container_cpu_periods_total", "otelkpi_container_cpu_throttled_periods_total",
        "otelkpi_container_cpu_throttled_seconds_total", "otelkpi_container_memory_working_set_bytes", "otelkpi_container_disk_read_bytes_total",
        "otelkpi_container_disk_write_bytes_total", "otelkpi_network_receive_bytes_total", "otelkpi_network_transmit_bytes_total",
    ];

    [SkippableFact]
    public async Task In_its_own_v1_cgroup_and_network_namespace_every_series_is_the_kernels()
    {
        Skip.IfNot(KernelFiles.IsRoot, "creating cgroups and network namespaces needs root");
        Skip.If(KernelFiles.V1Mount("cpu") is null || KernelFiles.V1Mount("memory") is null, "this kernel has no cgroup v1 cpu and memory hierarchies");

        await using var groups = await CgroupV1Sandbox.CreateAsync(QuotaMicroseconds, MemoryLimit);
        await using var network = await VethNamespace.CreateAsync();
        await using var sample = await SampleServiceProcess.StartAsync(
            null, groups.LaunchInside(network, new Dictionary<string, string> { ["Sample__ResourceLoad__Enabled"] = "true" }));
        using var http = new HttpClient { BaseAddress = sample.Address, Timeout = TimeSpan.FromSeconds(60) };
        var cpuApp = groups.App["cpuacct"];
        var cpuParent = groups.Parent["cpu"];
        var memoryApp = groups.App["memory"];

        // Every resource family of the contract is there, and the sample logged nothing as left out.
        var window = Stopwatch.StartNew();
        var before = await sample.ScrapeAsync();
        var contractFamilies = MetricContract.Load().Families.Select(f => f.Name).Where(n => n.StartsWith("otelkpi_", StringComparison.Ordinal)).ToList();
        var missing = contractFamilies.Where(f => !before.Types.ContainsKey(f)).ToList();
        Assert.True(missing.Count == 0, $"missing {string.Join(", ", missing)}\n{sample.Log}");
        Assert.DoesNotContain("OtelKpi.Instrumentation.Container[2002]", sample.Log, StringComparison.Ordinal);
        Assert.Contains("OtelKpi.Instrumentation.Container[2001]", sample.Log, StringComparison.Ordinal);

        // CPU: the parent's quota is the limit, exactly; two spinning threads get at most half a core.
        Assert.Equal(0.5, before.Single("otelkpi_container_cpu_limit_cores").Value);
        var watch = Stopwatch.StartNew();
        using (var burn = await http.PostAsync(new Uri("load/cpu?milliseconds=4000&threads=2", UriKind.Relative), null))
        {
            burn.EnsureSuccessStatusCode();
        }

        var afterCpu = await sample.ScrapeAsync();
        var elapsed = watch.Elapsed.TotalSeconds;
        var scrapeToScrape = window.Elapsed.TotalSeconds;
        var kernelUsage = KernelFiles.ReadLong(Path.Combine(cpuApp, "cpuacct.usage")) / 1e9;
        var kernelThrottled = KernelFiles.Value(Path.Combine(cpuParent, "cpu.stat"), "nr_throttled");
        var usage = afterCpu.Single("otelkpi_container_cpu_usage_seconds_total").Value;
        var rate = (usage - before.Single("otelkpi_container_cpu_usage_seconds_total").Value) / elapsed;
        var throttledRise = afterCpu.Single("otelkpi_container_cpu_throttled_periods_total").Value - before.Single("otelkpi_container_cpu_throttled_periods_total").Value;
        output.WriteLine($"CPU: limit 0.5, usage rate {rate:0.000} core/s over {elapsed:0.00} s, usage {usage:0.000} s vs cpuacct.usage {kernelUsage:0.000} s, throttled periods +{throttledRise} (kernel nr_throttled {kernelThrottled})");
        // At most the quota over the time between the two scrapes, plus one period's quota that can straddle its edge;
        // how close to the quota it gets depends on how busy the machine is.
        Assert.InRange(usage - before.Single("otelkpi_container_cpu_usage_seconds_total").Value, 0.25 * elapsed, (0.5 * scrapeToScrape) + 0.05);
        Assert.InRange(kernelUsage - usage, 0, 0.05); // the kernel was read just after the scrape
        Assert.InRange(throttledRise, 10, 45); // 40 periods in 4 s, most of them spent over the quota
        Assert.InRange(kernelThrottled - afterCpu.Single("otelkpi_container_cpu_throttled_periods_total").Value, 0, 3);

        // Memory: the parent's limit, exactly; the working set follows an allocation and equals the kernel's.
        Assert.Equal(MemoryLimit, afterCpu.Single("otelkpi_container_memory_limit_bytes").Value);
        using (var allocate = await http.PostAsync(new Uri($"load/memory?mebibytes={AllocatedMebibytes}", UriKind.Relative), null))
        {
            allocate.EnsureSuccessStatusCode();
        }

        var afterMemory = await sample.ScrapeAsync();
        var kernelWorkingSet = KernelFiles.ReadLong(Path.Combine(memoryApp, "memory.usage_in_bytes")) - KernelFiles.Value(Path.Combine(memoryApp, "memory.stat"), "total_inactive_file");
        var workingSet = afterMemory.Single("otelkpi_container_memory_working_set_bytes").Value;
        var grew = workingSet - afterCpu.Single("otelkpi_container_memory_working_set_bytes").Value;
        output.WriteLine($"Memory: limit {MemoryLimit}, working set {workingSet / 1048576:0.0} MiB vs kernel {kernelWorkingSet / 1048576.0:0.0} MiB ({(workingSet - kernelWorkingSet) / kernelWorkingSet:P2}), grew {grew / 1048576:0.0} MiB for {AllocatedMebibytes} MiB allocated");
        Assert.InRange(workingSet, kernelWorkingSet * 0.97, kernelWorkingSet * 1.03);
        Assert.InRange(grew, (AllocatedMebibytes - 10) * 1048576.0, (AllocatedMebibytes + 40) * 1048576.0);

        // Network: a known payload crosses the veth pair; the counters equal what the other end of the pair counted.
        var (receivedBefore, transmittedBefore) = (network.OutsideTransmitted, network.OutsideReceived);
        var payload = await http.GetByteArrayAsync(new Uri($"load/payload?bytes={PayloadBytes}", UriKind.Relative));
        var afterNetwork = await sample.ScrapeAsync();
        var (receivedAfter, transmittedAfter) = (network.OutsideTransmitted, network.OutsideReceived);
        var transmitted = afterNetwork.Single("otelkpi_network_transmit_bytes_total").Value - afterMemory.Single("otelkpi_network_transmit_bytes_total").Value;
        var received = afterNetwork.Single("otelkpi_network_receive_bytes_total").Value - afterMemory.Single("otelkpi_network_receive_bytes_total").Value;
        output.WriteLine($"Network: payload {payload.Length} B; transmitted +{transmitted} B vs veth peer +{transmittedAfter - transmittedBefore} B; received +{received} B vs +{receivedAfter - receivedBefore} B");
        Assert.Equal(PayloadBytes, payload.Length);
        Assert.InRange(transmitted, PayloadBytes, PayloadBytes * 1.1);
        // Between the two reads the sample's own scrape responses shift a few kilobytes from one interval to the next.
        Assert.InRange(transmitted - (transmittedAfter - transmittedBefore), -64 * 1024, 64 * 1024);
        Assert.InRange(received - (receivedAfter - receivedBefore), -64 * 1024, 64 * 1024);
    }
}

/// <summary>The ground-truth tests run one at a time: each burns CPU and memory and measures it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelGroundTruth
{
    public const string Name = "kernel ground truth";
}
