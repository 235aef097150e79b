using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace OtelKpi.Testing;

/// <summary>The sample's built-in traffic generator settings (<c>Sample:Traffic</c>).</summary>
/// <param name="RequestsPerSecond">Requests sent per second.</param>
/// <param name="ErrorRatio">Exact share of requests that end in a 5xx.</param>
/// <param name="SlowRatio">Share of requests to /api/reports, which take 0.6 to 1.2 s.</param>
public sealed record SampleTraffic(double RequestsPerSecond, double ErrorRatio, double SlowRatio);

/// <summary>How to start the sample differently: under a wrapper command, on another address, with more settings.</summary>
/// <param name="Prefix">A command that runs the sample as its last arguments, such as <c>ip netns exec ns1</c> or a shell that
/// joins a cgroup and then execs; empty to start the sample directly.</param>
/// <param name="Urls">The address Kestrel binds, such as http://10.200.0.2:0 inside a network namespace.</param>
/// <param name="Settings">Extra environment variables (configuration keys with <c>__</c>).</param>
public sealed record SampleLaunch(IReadOnlyList<string> Prefix, string Urls = "http://127.0.0.1:0", IReadOnlyDictionary<string, string>? Settings = null);

/// <summary>
/// The built sample service (OtelKpi.Sample.dll, copied next to the test assembly by a project reference)
/// running as a child process on Kestrel, on a loopback port the kernel picks, with its traffic generator on.
/// This is how Prometheus can scrape it over TCP exactly as it scrapes a deployed service.
/// </summary>
public sealed partial class SampleServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly ProcessOutput output;

    private SampleServiceProcess(Process process, ProcessOutput output, Uri address)
    {
        this.process = process;
        this.output = output;
        this.Address = address;
    }

    /// <summary>The service's base address, such as http://127.0.0.1:40123/.</summary>
    public Uri Address { get; }

    /// <summary>host:port, as a Prometheus static target.</summary>
    public string Target => $"{this.Address.Host}:{this.Address.Port}";

    /// <summary>The service's process id (the wrapper's, which exec'd the service, when started under one).</summary>
    public int ProcessId => this.process.Id;

    /// <summary>Everything the service logged so far.</summary>
    public string Log => this.output.Text;

    /// <summary>Starts the sample with <paramref name="traffic"/> and waits until it answers /health.</summary>
    public static Task<SampleServiceProcess> StartAsync(SampleTraffic traffic)
    {
        ArgumentNullException.ThrowIfNull(traffic);
        return StartAsync(traffic, new SampleLaunch([]));
    }

    /// <summary>Starts the sample as <paramref name="launch"/> says, with <paramref name="traffic"/> or none, and waits until it answers /health.</summary>
    public static async Task<SampleServiceProcess> StartAsync(SampleTraffic? traffic, SampleLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var assembly = Path.Combine(AppContext.BaseDirectory, "OtelKpi.Sample.dll");
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"{assembly} is missing: reference samples/OtelKpi.Sample from the test project.");
        }

        var command = launch.Prefix.Append(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet").ToList();
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory, // the content root, where appsettings.json is
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(launch.Urls);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Sample__Traffic__Enabled"] = traffic is null ? "false" : "true";
        if (traffic is not null)
        {
            start.Environment["Sample__Traffic__RequestsPerSecond"] = traffic.RequestsPerSecond.ToString(CultureInfo.InvariantCulture);
            start.Environment["Sample__Traffic__ErrorRatio"] = traffic.ErrorRatio.ToString(CultureInfo.InvariantCulture);
            start.Environment["Sample__Traffic__SlowRatio"] = traffic.SlowRatio.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in launch.Settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var output = new ProcessOutput();
        var process = new Process { StartInfo = start };
        output.Attach(process);
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        // From here on, whatever goes wrong (including an exception this loop does not expect) stops the child.
        try
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (await WaitHealthyAsync(process, output) is { } address)
            {
                return new SampleServiceProcess(process, output, address);
            }
        }
        catch
        {
            await StopAsync(process);
            throw;
        }

        var reason = process.HasExited ? $"it exited with code {process.ExitCode}" : $"it did not answer /health within {StartTimeout.TotalSeconds:0} s";
        await StopAsync(process);
        throw new InvalidOperationException($"The sample service did not start: {reason}.\n--- log\n{output.Text}");
    }

    /// <summary>Reads the service's /metrics directly, bypassing Prometheus.</summary>
    public async Task<PrometheusScrape> ScrapeAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return PrometheusScrape.Parse(await http.GetStringAsync(new Uri(this.Address, "metrics")));
    }

    /// <summary>The address once /health answers 200; null when the process exited or <see cref="StartTimeout"/> passed.</summary>
    private static async Task<Uri?> WaitHealthyAsync(Process process, ProcessOutput output)
    {
        var waited = Stopwatch.StartNew();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (waited.Elapsed < StartTimeout && !process.HasExited)
        {
            if (ListeningOn().Match(output.Text) is { Success: true } match)
            {
                var address = new Uri(match.Groups[1].Value + "/");
                try
                {
                    using var health = await http.GetAsync(new Uri(address, "health"));
                    if (health.IsSuccessStatusCode)
                    {
                        return address;
                    }
                }
                catch (HttpRequestException)
                {
                    // listening but not serving yet
                }
                catch (TaskCanceledException)
                {
                    // the client's 5 s timeout: busy starting; the overall deadline still holds
                }
            }

            await Task.Delay(100);
        }

        return null;
    }

    /// <summary>Stops the service.</summary>
    public async ValueTask DisposeAsync() => await StopAsync(this.process);

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://[0-9.]+:\d+)")]
    private static partial Regex ListeningOn();
}
