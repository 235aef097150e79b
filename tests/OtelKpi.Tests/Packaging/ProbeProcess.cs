using System.Diagnostics;
using System.Text.RegularExpressions;
using OtelKpi.Testing;

namespace OtelKpi.Tests.Packaging;

/// <summary>A published probe running as a child process with the environment a test gives it.</summary>
internal sealed partial class ProbeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ProcessOutput output = new();

    private ProbeProcess(PublishedProbe probe, IReadOnlyDictionary<string, string> environment)
    {
        // Standard error joins standard output in the child (2>&1), so lines arrive in the order they were written:
        // the tests check which line a failed start prints first. Two pipes read by two threads would race.
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(probe.Arguments.Count > 0 ? probe.Arguments[0] : probe.FileName)!,
        };
        foreach (var argument in (string[])["-c", "exec \"$0\" \"$@\" 2>&1", probe.FileName, .. probe.Arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        this.process = new Process { StartInfo = start };
        this.output.Attach(this.process);
    }

    /// <summary>Everything the probe printed so far, standard output and error, in the order it wrote them.</summary>
    public string Output => this.output.Text;

    public static ProbeProcess Start(PublishedProbe probe, IReadOnlyDictionary<string, string> environment)
    {
        var started = new ProbeProcess(probe, environment);
        started.process.Start();
        started.process.BeginOutputReadLine();
        started.process.BeginErrorReadLine();
        return started;
    }

    /// <summary>The application's own address once Kestrel logged it; fails if the probe exits first.</summary>
    public async Task<Uri> WaitUntilListeningAsync()
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (ListeningOn().Match(this.Output) is { Success: true } match)
            {
                return new Uri(match.Groups[1].Value);
            }

            if (this.process.HasExited)
            {
                throw new Xunit.Sdk.XunitException($"The probe exited with code {this.process.ExitCode} before listening:\n{this.Output}");
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"The probe did not listen within 30 s:\n{this.Output}");
    }

    /// <summary>The exit code, once the probe has stopped by itself (within 30 s).</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await this.process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"The probe did not stop within 30 s:\n{this.Output}");
        }

        this.process.WaitForExit(); // drains the output readers
        return this.process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!this.process.HasExited)
        {
            this.process.Kill(entireProcessTree: true);
            await this.process.WaitForExitAsync();
        }

        this.process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();
}
