using System.Globalization;

namespace OtelKpi.Testing;

/// <summary>
/// VictoriaMetrics' rule engine (<c>vmalert</c> 1.79 from Debian) against a <see cref="VictoriaMetricsServer"/>, which
/// it reads and writes its results to: once over a past range (replay), or evaluating live with its /metrics on a
/// free loopback port. External labels are added to everything it records, as a real deployment's are.
/// </summary>
public sealed class VmalertProcess : IAsyncDisposable
{
    private readonly ManagedProcess process;
    private readonly HttpClient http;

    private VmalertProcess(ManagedProcess process, Uri address)
    {
        this.process = process;
        this.http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Everything vmalert logged so far.</summary>
    public string Log => this.process.Log;

    /// <summary>
    /// Evaluates <paramref name="ruleFiles"/> at every <paramref name="evaluationInterval"/> (or each group's own
    /// interval) from <paramref name="from"/> to <paramref name="to"/> and writes the results to
    /// <paramref name="storage"/>. Rules within a run are evaluated without delay between them, so a run must not
    /// contain rules that read each other. Returns vmalert's exit code (non-zero when a rule failed) and log.
    /// </summary>
    public static async Task<CommandResult> ReplayAsync(
        VictoriaMetricsServer storage, IEnumerable<string> ruleFiles, DateTimeOffset from, DateTimeOffset to, TimeSpan evaluationInterval, IEnumerable<string> externalLabels)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var arguments = Common(storage, ruleFiles, evaluationInterval, externalLabels).Concat(
        [
            $"-replay.timeFrom={from.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}",
            $"-replay.timeTo={to.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}",
            "-replay.disableProgressBar",
            "-replay.rulesDelay=0s",
            "-replay.ruleRetryAttempts=1",
            $"-datasource.queryStep={Seconds(evaluationInterval)}",
            "-remoteWrite.flushInterval=100ms",
        ]);
        await using var process = ManagedProcess.Start("vmalert", arguments, Path.GetTempPath());
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        return new CommandResult(exitCode, process.Log);
    }

    /// <summary>
    /// Starts vmalert evaluating <paramref name="ruleFiles"/> now and every <paramref name="evaluationInterval"/>,
    /// sending alerts to the Alertmanager API at <paramref name="notifier"/>.
    /// </summary>
    public static async Task<VmalertProcess> StartAsync(
        VictoriaMetricsServer storage, Uri notifier, IEnumerable<string> ruleFiles, TimeSpan evaluationInterval, IEnumerable<string> externalLabels)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentNullException.ThrowIfNull(storage);
        var files = ruleFiles.ToList();
        var labels = externalLabels.ToList();
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var (process, port) = await LoopbackService.StartAsync(
            port => ManagedProcess.Start(
                "vmalert",
                Common(storage, files, evaluationInterval, labels)
                    .Append($"-httpListenAddr=127.0.0.1:{port}")
                    .Append($"-notifier.url={notifier.ToString().TrimEnd('/')}")
                    .Append("-remoteWrite.flushInterval=100ms"),
                Path.GetTempPath()),
            async port => (await probe.GetAsync(new Uri($"http://127.0.0.1:{port}/health"))).IsSuccessStatusCode,
            TimeSpan.FromSeconds(30),
            "vmalert's /health");
        return new VmalertProcess(process, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>vmalert's own metrics: per-rule error gauges, iteration counters.</summary>
    public async Task<PrometheusScrape> MetricsAsync() =>
        PrometheusScrape.Parse(await this.http.GetStringAsync(new Uri("metrics", UriKind.Relative)));

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with the log after <paramref name="timeout"/>.</summary>
    public Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        this.process.WaitUntilAsync(condition, timeout, what);

    /// <summary>Stops vmalert.</summary>
    public async ValueTask DisposeAsync()
    {
        await this.process.DisposeAsync();
        this.http.Dispose();
    }

    private static IEnumerable<string> Common(VictoriaMetricsServer storage, IEnumerable<string> ruleFiles, TimeSpan evaluationInterval, IEnumerable<string> externalLabels) =>
        ruleFiles.Select(f => $"-rule={f}")
            .Concat(externalLabels.Select(l => $"-external.label={l}"))
            .Concat(
            [
                $"-datasource.url={storage.Address}",
                $"-remoteWrite.url={storage.Address}",
                $"-evaluationInterval={Seconds(evaluationInterval)}",
                "-loggerLevel=WARN",
            ]);

    private static string Seconds(TimeSpan interval) => interval.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s";
}
