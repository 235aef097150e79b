using System.Diagnostics;

namespace OtelKpi.Testing;

/// <summary>The outcome of a finished command.</summary>
public sealed record CommandResult(int ExitCode, string Output)
{
    /// <summary>Fails with the command's output unless it exited with 0.</summary>
    public CommandResult EnsureSuccess(string what)
    {
        if (this.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed with exit code {this.ExitCode}:\n{this.Output}");
        }

        return this;
    }
}

/// <summary>Runs external programs (dotnet, promtool) to completion, capturing stdout and stderr together.</summary>
public static class CommandLine
{
    /// <summary>
    /// Runs <paramref name="fileName"/> (a bare name is looked up as <see cref="ExternalTool.Resolve"/> does, so
    /// that promtool in .tools/bin is found) and waits at most <paramref name="timeout"/>.
    /// </summary>
    public static async Task<CommandResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(ExternalTool.Resolve(fileName))
        {
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var output = new ProcessOutput();
        using var process = new Process { StartInfo = start };
        output.Attach(process);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {fileName}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish in time:\n{output.Text}");
        }

        process.WaitForExit(); // drains the asynchronous output readers
        return new CommandResult(process.ExitCode, output.Text);
    }
}
