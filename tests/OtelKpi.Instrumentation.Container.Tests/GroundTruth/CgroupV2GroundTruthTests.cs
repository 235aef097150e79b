using System.Diagnostics;
using System.Globalization;
using OtelKpi.Testing.Kernel;
using OtelKpi.Testing;

namespace OtelKpi.Instrumentation.Container.Tests.GroundTruth;

/// <summary>
/// The v2 counterpart of the v1 test: a parent group with cpu.max "50000 100000" and a memory.max, the sample in a
/// child, compared with the kernel's cpu.stat and memory.current/memory.stat. It needs a writable unified hierarchy
/// whose cpu and memory controllers can be enabled; where the kernel binds them to v1 hierarchies it is skipped.
/// </summary>
[Collection(KernelGroundTruth.Name)]
public class CgroupV2GroundTruthTests
{
    private const long MemoryLimit = 512L * 1024 * 1024;

    [SkippableFact]
    public async Task In_its_own_v2_cgroup_the_limits_usage_and_working_set_are_the_kernels()
    {
        Skip.IfNot(KernelFiles.IsRoot, "creating cgroups needs root");
        var mount = KernelFiles.V2Mount();
        Skip.If(mount is null, "no cgroup v2 hierarchy is mounted");
        var controllers = KernelFiles.Read(Path.Combine(mount!, "cgroup.controllers")).Split(' ');
        Skip.IfNot(controllers.Contains("cpu") && controllers.Contains("memory"),
            $"the unified hierarchy at {mount} offers the controllers '{string.Join(' ', controllers)}': the kernel binds cpu and memory to cgroup v1 hierarchies here");

        // Below the root, which alone may both hold processes and delegate controllers to its children.
        var delegated = KernelFiles.Read(Path.Combine(mount!, "cgroup.subtree_control")).Split(' ');
        if (!delegated.Contains("cpu") || !delegated.Contains("memory"))
        {
            try
            {
                await File.WriteAllTextAsync(Path.Combine(mount!, "cgroup.subtree_control"), "+cpu +memory");
            }
            catch (IOException e)
            {
                Skip.If(true, $"the kernel refuses to enable cpu and memory below {mount}: {e.Message}");
            }
        }

        var parent = Path.Combine(mount!, "otelkpi-gt-" + Guid.NewGuid().ToString("N")[..8]);
        var app = Path.Combine(parent, "app");
        try
        {
            Directory.CreateDirectory(parent);
            await File.WriteAllTextAsync(Path.Combine(parent, "cgroup.subtree_control"), "+cpu +memory");
            Directory.CreateDirectory(app);
            await File.WriteAllTextAsync(Path.Combine(parent, "cpu.max"), "50000 100000");
            await File.WriteAllTextAsync(Path.Combine(parent, "cpu.weight"), "10000");
            await File.WriteAllTextAsync(Path.Combine(parent, "memory.max"), MemoryLimit.ToString(CultureInfo.InvariantCulture));
            var launch = new SampleLaunch(["/bin/sh", "-c", $"echo $$ > '{app}/cgroup.procs' && exec \"$@\"", "sh"], Settings: new Dictionary<string, string> { ["Sample__ResourceLoad__Enabled"] = "true" });
            await using var sample = await SampleServiceProcess.StartAsync(null, launch);
            using var http = new HttpClient { BaseAddress = sample.Address, Timeout = TimeSpan.FromSeconds(60) };

            var window = Stopwatch.StartNew();
            var before = await sample.ScrapeAsync();
            (await http.PostAsync(new Uri("load/cpu?milliseconds=3000&threads=2", UriKind.Relative), null)).EnsureSuccessStatusCode();
            (await http.PostAsync(new Uri("load/memory?mebibytes=200", UriKind.Relative), null)).EnsureSuccessStatusCode();
            var after = await sample.ScrapeAsync();
            var seconds = window.Elapsed.TotalSeconds;
            var kernelUsage = KernelFiles.Value(Path.Combine(app, "cpu.stat"), "usage_usec") / 1e6;
            var kernelWorkingSet = KernelFiles.ReadLong(Path.Combine(app, "memory.current")) - KernelFiles.Value(Path.Combine(app, "memory.stat"), "inactive_file");

            Assert.Equal(0.5, after.Single("otelkpi_container_cpu_limit_cores").Value);
            Assert.Equal(MemoryLimit, after.Single("otelkpi_container_memory_limit_bytes").Value);
            var usage = after.Single("otelkpi_container_cpu_usage_seconds_total").Value;
            Assert.InRange(usage - before.Single("otelkpi_container_cpu_usage_seconds_total").Value, 0, (0.5 * seconds) + 0.05);
            Assert.InRange(kernelUsage - usage, 0, 0.05);
            Assert.True(after.Single("otelkpi_container_cpu_throttled_periods_total").Value > before.Single("otelkpi_container_cpu_throttled_periods_total").Value);
            var workingSet = after.Single("otelkpi_container_memory_working_set_bytes").Value;
            Assert.InRange(workingSet, kernelWorkingSet * 0.97, kernelWorkingSet * 1.03);
        }
        finally
        {
            await KernelFiles.RemoveGroupAsync(app);
            await KernelFiles.RemoveGroupAsync(parent);
        }
    }
}
