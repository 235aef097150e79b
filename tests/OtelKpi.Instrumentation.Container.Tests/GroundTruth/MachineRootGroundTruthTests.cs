using System.Diagnostics;
using System.Globalization;
using OtelKpi.Testing.Kernel;
using OtelKpi.Testing;

namespace OtelKpi.Instrumentation.Container.Tests.GroundTruth;

/// <summary>
/// The rule for processes that are not in a container of their own, with the kernel as the oracle: the sample placed
/// in the machine's root cpu, cpuacct and blkio groups and in a memory group it shares with an unrelated process,
/// in the machine's network namespace, exports no usage series (so the rules and panels fall back to its process
/// series) and reports the machine's CPUs and the shared group's real memory limit.
/// </summary>
[Collection(KernelGroundTruth.Name)]
public class MachineRootGroundTruthTests
{
    private const long SharedGroupLimit = 1024L * 1024 * 1024;

    [SkippableFact]
    public async Task In_the_machine_root_and_a_shared_group_only_limits_are_exported_and_they_are_the_real_ones()
    {
        Skip.IfNot(KernelFiles.IsRoot, "creating cgroups needs root");
        var (cpuMount, memoryMount) = (KernelFiles.V1Mount("cpu")!, KernelFiles.V1Mount("memory")!);
        Skip.If(cpuMount is null || memoryMount is null, "this kernel has no cgroup v1 cpu and memory hierarchies");

        var shared = Path.Combine(memoryMount, KernelFiles.OwnV1Group("memory").TrimStart('/'), "otelkpi-gt-shared-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(shared);
        using var neighbour = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", $"echo $$ > '{shared}/cgroup.procs' && exec sleep 300"]))!;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(shared, "memory.limit_in_bytes"), SharedGroupLimit.ToString(CultureInfo.InvariantCulture));
            for (var waited = 0; !File.ReadAllLines(Path.Combine(shared, "cgroup.procs")).Contains(neighbour.Id.ToString(CultureInfo.InvariantCulture)); waited++)
            {
                Assert.True(waited < 100, "the neighbour never joined the shared group");
                await Task.Delay(50); // the sample decides at start-up: the neighbour must be there first
            }

            var roots = new[] { cpuMount, KernelFiles.V1Mount("cpuacct"), KernelFiles.V1Mount("blkio") }.OfType<string>().Distinct();
            var join = string.Concat(roots.Select(r => $"echo $$ > '{r}/cgroup.procs' && ")) + $"echo $$ > '{shared}/cgroup.procs' && exec \"$@\"";
            await using var sample = await SampleServiceProcess.StartAsync(null, new SampleLaunch(["/bin/sh", "-c", join, "sh"]));

            var scrape = await sample.ScrapeAsync();
            var members = File.ReadAllLines(Path.Combine(shared, "cgroup.procs"));

            Assert.Equal([neighbour.Id.ToString(CultureInfo.InvariantCulture), sample.ProcessId.ToString(CultureInfo.InvariantCulture)], members.Order());
            Assert.Equal(
                ["otelkpi_container_cpu_limit_cores", "otelkpi_container_memory_limit_bytes", "otelkpi_filesystem_available_bytes", "otelkpi_filesystem_capacity_bytes", "otelkpi_filesystem_used_bytes"],
                scrape.Types.Keys.Where(n => n.StartsWith("otelkpi_", StringComparison.Ordinal)).Order());
            Assert.Equal(Environment.ProcessorCount, scrape.Single("otelkpi_container_cpu_limit_cores").Value);
            Assert.Equal(SharedGroupLimit, scrape.Single("otelkpi_container_memory_limit_bytes").Value);
            // The fallbacks the rules and the Service KPI panels use are there.
            Assert.Single(scrape.Series("process_cpu_seconds_total"));
            Assert.Single(scrape.Series("process_resident_memory_bytes"));

            // And the sample said why, once, at start-up.
            Assert.Contains($"the cpu cgroup {cpuMount} is HierarchyRoot", sample.Log, StringComparison.Ordinal);
            Assert.Contains($"the memory cgroup {shared} is Shared: 1 of its 2 processes are neither this process, its ancestors nor its descendants (e.g. pid {neighbour.Id} 'sleep')", sample.Log, StringComparison.Ordinal);
            Assert.Contains("not exporting otelkpi_container_memory_working_set_bytes, because", sample.Log, StringComparison.Ordinal);
            Assert.Contains("not exporting otelkpi_network_receive_bytes_total, otelkpi_network_transmit_bytes_total, because the network namespace is the machine's", sample.Log, StringComparison.Ordinal);
        }
        finally
        {
            neighbour.Kill();
            await neighbour.WaitForExitAsync();
            await KernelFiles.RemoveGroupAsync(shared);
        }
    }
}
