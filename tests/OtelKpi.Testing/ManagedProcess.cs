using System.ComponentModel;
using System.Diagnostics;

namespace OtelKpi.Testing;

/// <summary>
/// A long-running child process (Prometheus, Alertmanager, VictoriaMetrics, vmalert) with its output captured, started from a
/// program scripts/install-prerequisites.sh provides. Disposing kills it.
/// </summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ProcessOutput output;

    private ManagedProcess(Process process, ProcessOutput output, string program)
    {
        this.process = process;
        this.output = output;
        this.Program = program;
    }

    /// <summary>The program's name.</summary>
    public string Program { get; }

    /// <summary>Everything it printed so far.</summary>
    public string Log => this.output.Text;

    /// <summary>The last lines it printed, for failure messages.</summary>
    public string Tail() => this.output.Tail();

    /// <summary>True while it runs.</summary>
    public bool IsRunning => !this.process.HasExited;

    /// <summary>The exit code, once it has exited.</summary>
    public int ExitCode => this.process.ExitCode;

    /// <summary>Starts <paramref name="program"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    public static ManagedProcess Start(string program, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(ExternalTool.Resolve(program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var output = new ProcessOutput();
        var process = new Process { StartInfo = start };
        output.Attach(process);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"{program} is neither on the PATH nor in .tools/bin: run scripts/install-prerequisites.sh.", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ManagedProcess(process, output, program);
    }

    /// <summary>Waits for the process to exit by itself, at most <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await this.process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{this.Program} did not finish within {timeout.TotalSeconds:0} s.\n--- log\n{this.output.Tail()}");
        }

        this.process.WaitForExit(); // drains the asynchronous output readers
        return this.process.ExitCode;
    }

    /// <summary>
    /// Polls <paramref name="ready"/> every 100 ms until it holds; fails when the process exits first or after
    /// <paramref name="timeout"/>, with the log.
    /// </summary>
    public async Task WaitUntilAsync(Func<Task<bool>> ready, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(ready);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (this.process.HasExited)
            {
                throw new InvalidOperationException($"{this.Program} exited with code {this.process.ExitCode} while waiting for {what}.\n--- log\n{this.Log}");
            }

            try
            {
                if (await ready())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // no answer in time: still starting; the overall deadline still holds
            }

            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}.\n--- {this.Program} log\n{this.output.Tail()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Kills the process if it still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!this.process.HasExited)
        {
            this.process.Kill(entireProcessTree: true);
        }

        await this.process.WaitForExitAsync();
        this.process.Dispose();
    }
}
