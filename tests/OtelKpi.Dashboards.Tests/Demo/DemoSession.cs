using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using OtelKpi.Testing;

namespace OtelKpi.Dashboards.Tests.Demo;

/// <summary>
/// scripts/demo.sh running in a tmux session, a real pseudo-terminal 200 columns wide, on free ports and in its own
/// directory, exactly as the README runs it but for those (and without rebuilding what the test run has built).
/// </summary>
internal sealed partial class DemoSession : IAsyncDisposable
{
    private readonly string name = "otelkpi-demo-" + Guid.NewGuid().ToString("N")[..8];

    private DemoSession(string directory) => this.Directory = directory;

    /// <summary>Gets the demo's working directory (logs, data, configuration).</summary>
    public string Directory { get; }

    /// <summary>Gets the ports the demo's services listen on.</summary>
    public IReadOnlyList<int> Ports { get; private init; } = [];

    /// <summary>Gets the file <c>tee</c> writes the demo's output to, when it runs piped into it.</summary>
    private string? OutputLog { get; init; }

    /// <summary>Gets where the view draws its picture.</summary>
    public string Picture => Path.Combine(this.Directory, "service-kpi.png");

    /// <summary>
    /// Starts the demo; <paramref name="incident"/> false keeps the traffic steady; <paramref name="pipedIntoTee"/> runs
    /// it as <c>scripts/demo.sh 2>&amp;1 | tee demo-output.log</c>, so that the terminal shows it through a pipe.
    /// </summary>
    public static async Task<DemoSession> StartAsync(bool incident, bool pipedIntoTee = false)
    {
        if (ExternalTool.Find("tmux") is null)
        {
            throw new InvalidOperationException("tmux is needed to run the demo in a terminal (Debian: apt-get install tmux).");
        }

        var ports = Enumerable.Range(0, 4).Select(_ => FreeTcpPort.Next()).ToList();
        var directory = System.IO.Directory.CreateTempSubdirectory("otelkpi-demo-test-").FullName;
        var session = new DemoSession(directory) { Ports = ports, OutputLog = pipedIntoTee ? Path.Combine(directory, "demo-output.log") : null };
        var environment = string.Create(CultureInfo.InvariantCulture,
            $"DEMO_BUILD=0 INCIDENT={(incident ? 1 : 0)} DEMO_DIR={session.Directory} DEMO_PICTURE={session.Picture} SAMPLE_PORT={ports[0]} PROMETHEUS_PORT={ports[1]} ALERTMANAGER_PORT={ports[2]} RECEIVER_PORT={ports[3]}");
        (await Tmux("new-session", "-d", "-s", session.name, "-x", "200", "-y", "70", pipedIntoTee
            ? $"cd {RepositoryPaths.Root} && env {environment} scripts/demo.sh 2>&1 | tee {session.OutputLog}"
            : $"cd {RepositoryPaths.Root} && exec env {environment} scripts/demo.sh")).EnsureSuccess("tmux new-session");
        return session;
    }

    /// <summary>The screen as the terminal shows it; with <paramref name="escapes"/>, including its colours.</summary>
    /// <remarks>
    /// Piped, the view writes frame after frame instead of redrawing one, so the screen holds only the last lines:
    /// what the demo has shown is then the whole output, as <c>tee</c> wrote it.
    /// </remarks>
    public async Task<string> ScreenAsync(bool escapes = false)
    {
        if (this.OutputLog is { } log)
        {
            return File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
        }

        return (await Tmux(escapes ? ["capture-pane", "-p", "-e", "-t", this.name] : ["capture-pane", "-p", "-t", this.name])).Output;
    }

    /// <summary>
    /// Waits until the screen, read without its colours, matches <paramref name="pattern"/>; returns it with its
    /// colours (ANSI escapes) as well. Fails with the screen and the logs after <paramref name="timeout"/>.
    /// </summary>
    public async Task<(string Text, string Coloured)> WaitForScreenAsync(string pattern, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var coloured = await this.ScreenAsync(escapes: true);
            var text = Escape().Replace(coloured, "");
            if (Regex.IsMatch(text, pattern))
            {
                return (text, coloured);
            }

            if (waited.Elapsed > timeout || !await this.IsRunningAsync())
            {
                throw new TimeoutException($"The demo never showed '{pattern}'.\n--- screen\n{text}\n{this.Logs()}");
            }

            await Task.Delay(500);
        }
    }

    /// <summary>
    /// Changes the running sample's traffic through its own <c>POST /traffic</c> (such as <c>{"errorRatio": 0.05}</c>),
    /// retrying until the sample listens; returns the settings it answers with.
    /// </summary>
    public async Task<string> ChangeTrafficAsync(string json, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var http = new HttpClient { BaseAddress = this.Sample()?.Url ?? throw new HttpRequestException("the sample has not started"), Timeout = TimeSpan.FromSeconds(10) };
                using var body = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(new Uri("/traffic", UriKind.Relative), body);
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadAsStringAsync();
            }
            catch (HttpRequestException) when (waited.Elapsed < timeout)
            {
                await Task.Delay(500);
            }
        }
    }

    /// <summary>
    /// The demo's sample process, found by the order journal in this demo's directory on its command line, and the
    /// address it listens on (its <c>--urls</c>); null until it runs.
    /// </summary>
    public (int Pid, Uri Url)? Sample()
    {
        foreach (var (pid, arguments) in Processes())
        {
            var urls = Array.IndexOf(arguments, "--urls");
            if (arguments.Contains("OtelKpi.Sample.dll") && urls >= 0 && arguments.Any(a => a.Contains(this.Directory, StringComparison.Ordinal)))
            {
                return (pid, new Uri(arguments[urls + 1]));
            }
        }

        return null;
    }

    /// <summary>An instant query to the demo's Prometheus.</summary>
    public async Task<PrometheusQueryResult> QueryAsync(string promql)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var url = new Uri($"http://127.0.0.1:{this.Ports[1]}/api/v1/query?query={Uri.EscapeDataString(promql)}");
        using var answer = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(url));
        return PrometheusQueryResult.Parse(answer.RootElement.GetProperty("data"));
    }

    /// <summary>Types keys into the terminal (tmux key names, such as C-c).</summary>
    public async Task SendKeysAsync(string keys) => (await Tmux("send-keys", "-t", this.name, keys)).EnsureSuccess("tmux send-keys");

    /// <summary>Closes the terminal: tmux kills the session, the processes in it get SIGHUP.</summary>
    public async Task CloseTerminalAsync() => (await Tmux("kill-session", "-t", this.name)).EnsureSuccess("tmux kill-session");

    /// <summary>Sends SIGTERM to the demo script itself.</summary>
    public async Task TerminateScriptAsync()
    {
        // The pane's process is the script itself: the session runs it with exec.
        var pid = (await Tmux("display-message", "-p", "-t", this.name, "#{pane_pid}")).EnsureSuccess("tmux display-message").Output.Trim();
        (await CommandLine.RunAsync("kill", ["-TERM", pid])).EnsureSuccess("kill -TERM");
    }

    /// <summary>The processes still running that the demo started: any naming its directory or serving its ports.</summary>
    public IReadOnlyList<string> Survivors()
    {
        var survivors = this.StartedProcesses().Select(p => $"{p.Pid}: {p.CommandLine}").ToList();
        survivors.AddRange(this.Ports.Where(Listening).Select(p => $"something listens on 127.0.0.1:{p}"));
        return survivors;
    }

    /// <summary>The running processes whose command line names the demo's directory, tmux's own left out.</summary>
    private IEnumerable<(int Pid, string CommandLine)> StartedProcesses() =>
        Processes()
            .Select(p => (p.Pid, CommandLine: string.Join(' ', p.Arguments)))
            .Where(p => p.CommandLine.Contains(this.Directory, StringComparison.Ordinal) && !p.CommandLine.Contains("tmux", StringComparison.Ordinal));

    /// <summary>The demo's logs, for failure messages.</summary>
    public string Logs() => string.Join('\n', System.IO.Directory.Exists(this.Directory)
        ? System.IO.Directory.GetFiles(this.Directory, "*.log").Select(f => $"--- {Path.GetFileName(f)}\n{string.Join('\n', File.ReadAllLines(f).TakeLast(15))}")
        : []);

    /// <summary>True while the tmux session exists.</summary>
    public async Task<bool> IsRunningAsync() => (await Tmux("has-session", "-t", this.name)).ExitCode == 0;

    public async ValueTask DisposeAsync()
    {
        if (await this.IsRunningAsync())
        {
            await Tmux("kill-session", "-t", this.name);
        }

        // A demo that failed to stop its services must not leave them to the rest of the run (they run in sessions of
        // their own, so the terminal's end does not reach them).
        foreach (var (pid, _) in this.StartedProcesses().ToList())
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (ArgumentException)
            {
                // exited in the meantime
            }
            catch (InvalidOperationException)
            {
            }
        }

        try
        {
            System.IO.Directory.Delete(this.Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static IEnumerable<(int Pid, string[] Arguments)> Processes()
    {
        foreach (var proc in System.IO.Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid))
            {
                continue;
            }

            string[] arguments;
            try
            {
                arguments = File.ReadAllText(Path.Combine(proc, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // exited meanwhile
            }

            yield return (pid, arguments);
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex("\u001b\\[[0-9;]*m")]
    private static partial Regex Escape();

    private static Task<CommandResult> Tmux(params string[] arguments) => CommandLine.RunAsync("tmux", arguments, timeout: TimeSpan.FromSeconds(20));
}
