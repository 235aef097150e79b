using System.Globalization;
namespace OtelKpi.Testing.Kernel;

/// <summary>The kernel's own files and programs, read by the tests as the oracle (never through the library).</summary>
public static class KernelFiles
{
    public const string CgroupRoot = "/sys/fs/cgroup";

    public static bool IsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";

    public static string Read(string path) => File.ReadAllText(path).Trim();

    public static long ReadLong(string path) => long.Parse(Read(path), CultureInfo.InvariantCulture);

    /// <summary>The value of <paramref name="key"/> in a "key value" file (cpu.stat, memory.stat).</summary>
    public static long Value(string path, string key) =>
        File.ReadAllLines(path).Select(l => l.Split(' ')).Where(f => f[0] == key).Select(f => long.Parse(f[1], CultureInfo.InvariantCulture)).Single();

    /// <summary>This test process's group path in the v1 hierarchy of <paramref name="controller"/> ("/" at the root).</summary>
    public static string OwnV1Group(string controller) =>
        File.ReadAllLines("/proc/self/cgroup").Select(l => l.Split(':', 3)).Single(f => f[1].Split(',').Contains(controller))[2];

    /// <summary>The mount point of the v1 hierarchy that has <paramref name="controller"/>, such as /sys/fs/cgroup/cpu.</summary>
    public static string? V1Mount(string controller) =>
        File.ReadAllLines("/proc/self/mountinfo")
            .Select(l => l.Split(' '))
            .Where(f => f.Contains("-") && f[Array.IndexOf(f, "-") + 1] == "cgroup" && f[Array.IndexOf(f, "-") + 3].Split(',').Contains(controller))
            .Select(f => f[4])
            .FirstOrDefault();

    /// <summary>The unified (v2) mount point, when there is one.</summary>
    public static string? V2Mount() =>
        File.ReadAllLines("/proc/self/mountinfo")
            .Select(l => l.Split(' '))
            .Where(f => f.Contains("-") && f[Array.IndexOf(f, "-") + 1] == "cgroup2")
            .Select(f => f[4])
            .FirstOrDefault();

    public static async Task<string> RunAsync(string program, params string[] arguments) =>
        (await CommandLine.RunAsync(program, arguments, timeout: TimeSpan.FromSeconds(30))).EnsureSuccess($"{program} {string.Join(' ', arguments)}").Output;

    /// <summary>Runs a command whose failure is expected or harmless (clean-up), returning whether it succeeded.</summary>
    public static async Task<bool> TryRunAsync(string program, params string[] arguments) =>
        (await CommandLine.RunAsync(program, arguments, timeout: TimeSpan.FromSeconds(30))).ExitCode == 0;

    /// <summary>Removes a cgroup directory once its processes are gone (rmdir fails while a task is still exiting).</summary>
    public static async Task RemoveGroupAsync(string directory)
    {
        for (var attempt = 0; Directory.Exists(directory); attempt++)
        {
            try
            {
                Directory.Delete(directory); // rmdir: a cgroup's interface files go with it
                return;
            }
            catch (IOException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }
}
