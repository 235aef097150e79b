using System.Diagnostics;
using System.Text;

namespace OtelKpi.Rules.Tests.Support;

/// <summary>The outcome of one promtool run.</summary>
/// <param name="ExitCode">The process exit code; 0 is success.</param>
/// <param name="Output">Standard output and standard error, in that order.</param>
public sealed record PromtoolResult(int ExitCode, string Output)
{
    /// <summary>True when promtool exited with 0.</summary>
    public bool Succeeded => this.ExitCode == 0;
}

/// <summary>
/// Runs Prometheus' promtool (2.42, from Debian's prometheus package). The tests need it; when it is
/// missing they fail with a message saying how to get it instead of being skipped.
/// </summary>
public static class Promtool
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    private static readonly Lazy<string?> Location = new(() => OtelKpi.Testing.ExternalTool.Find("promtool"));

    /// <summary>The promtool executable, or a failure explaining how to install it.</summary>
    public static string Executable => Location.Value
        ?? throw new InvalidOperationException("promtool is neither on the PATH nor in .tools/bin: run scripts/test.sh, which installs it (Debian package prometheus).");

    /// <summary>Runs <c>promtool check rules</c> on one file.</summary>
    public static PromtoolResult CheckRules(string file) => Run(Path.GetDirectoryName(file)!, "check", "rules", file);

    /// <summary>Runs <c>promtool test rules</c> on one test file, from its folder so relative rule_files resolve.</summary>
    public static PromtoolResult TestRules(string file) => Run(Path.GetDirectoryName(file)!, "test", "rules", Path.GetFileName(file));

    /// <summary>Runs promtool with the arguments and waits for it (at most ten minutes, a guard against a hang).</summary>
    public static PromtoolResult Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start.");
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (error) { error.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"promtool {string.Join(' ', arguments)} did not finish within {Limit}.");
        }

        process.WaitForExit();
        return new PromtoolResult(process.ExitCode, output.ToString() + error);
    }
}
