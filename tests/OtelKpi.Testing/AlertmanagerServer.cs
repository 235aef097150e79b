using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OtelKpi.Testing;

/// <summary>An alert as Alertmanager's API v2 takes and returns it.</summary>
/// <param name="Labels">The labels, alertname included.</param>
/// <param name="Annotations">The annotations.</param>
/// <param name="StartsAt">When it started firing.</param>
/// <param name="EndsAt">When it resolves; null for one that is firing.</param>
public sealed record AlertmanagerAlert(
    [property: JsonPropertyName("labels")] IReadOnlyDictionary<string, string> Labels,
    [property: JsonPropertyName("annotations")] IReadOnlyDictionary<string, string> Annotations,
    [property: JsonPropertyName("startsAt")] DateTimeOffset StartsAt,
    [property: JsonPropertyName("endsAt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? EndsAt = null);

/// <summary>An alert Alertmanager holds, with its state: active, suppressed (inhibited or silenced) or unprocessed.</summary>
/// <param name="Labels">The labels.</param>
/// <param name="State">active, suppressed or unprocessed.</param>
/// <param name="InhibitedBy">Fingerprints of the alerts that inhibit it.</param>
public sealed record AlertmanagerAlertStatus(IReadOnlyDictionary<string, string> Labels, string State, IReadOnlyList<string> InhibitedBy)
{
    /// <summary>The label's value, or null.</summary>
    public string? Label(string name) => this.Labels.GetValueOrDefault(name);
}

/// <summary>
/// A real Alertmanager (<c>prometheus-alertmanager</c> 0.25 from Debian) on a free loopback port with its own
/// configuration and storage, clustering off so that it opens no other port. Failures carry its log.
/// </summary>
public sealed class AlertmanagerServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly ManagedProcess process;
    private readonly HttpClient http;
    private readonly string workDirectory;

    private AlertmanagerServer(ManagedProcess process, Uri address, string workDirectory)
    {
        this.process = process;
        this.Address = address;
        this.workDirectory = workDirectory;
        this.http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The base address, such as http://127.0.0.1:40123/.</summary>
    public Uri Address { get; }

    /// <summary>host:port, as a Prometheus alerting target.</summary>
    public string Target => $"{this.Address.Host}:{this.Address.Port}";

    /// <summary>Everything Alertmanager logged so far.</summary>
    public string Log => this.process.Log;

    /// <summary>Writes <paramref name="configYaml"/> to a temporary directory, starts Alertmanager with it and waits for /-/ready.</summary>
    public static async Task<AlertmanagerServer> StartAsync(string configYaml)
    {
        var workDirectory = Directory.CreateTempSubdirectory("otelkpi-alertmanager-").FullName;
        var configPath = Path.Combine(workDirectory, "alertmanager.yml");
        await File.WriteAllTextAsync(configPath, configYaml);
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            var (process, port) = await LoopbackService.StartAsync(
                port => ManagedProcess.Start(
                    "prometheus-alertmanager",
                    [
                        $"--config.file={configPath}",
                        $"--storage.path={Path.Combine(workDirectory, "data")}",
                        $"--web.listen-address=127.0.0.1:{port}",
                        "--cluster.listen-address=",
                    ],
                    workDirectory),
                async port => (await probe.GetAsync(new Uri($"http://127.0.0.1:{port}/-/ready"))).IsSuccessStatusCode,
                ReadyTimeout,
                "Alertmanager's /-/ready");
            return new AlertmanagerServer(process, new Uri($"http://127.0.0.1:{port}/"), workDirectory);
        }
        catch
        {
            Directory.Delete(workDirectory, recursive: true);
            throw;
        }
    }

    /// <summary>Sends alerts as Prometheus does (POST /api/v2/alerts).</summary>
    public async Task PostAlertsAsync(IEnumerable<AlertmanagerAlert> alerts)
    {
        using var response = await this.http.PostAsJsonAsync(new Uri("api/v2/alerts", UriKind.Relative), alerts.ToList());
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Alertmanager refused the alerts: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n--- log\n{this.Log}");
        }
    }

    /// <summary>Every alert Alertmanager holds, with its state (GET /api/v2/alerts).</summary>
    public async Task<IReadOnlyList<AlertmanagerAlertStatus>> GetAlertsAsync()
    {
        var alerts = await this.http.GetFromJsonAsync<JsonElement>(new Uri("api/v2/alerts", UriKind.Relative));
        return alerts.EnumerateArray()
            .Select(a => new AlertmanagerAlertStatus(
                a.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
                a.GetProperty("status").GetProperty("state").GetString()!,
                a.GetProperty("status").GetProperty("inhibitedBy").EnumerateArray().Select(f => f.GetString()!).ToList()))
            .ToList();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes (then fails with the log).</summary>
    public Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        this.process.WaitUntilAsync(condition, timeout, what);

    /// <summary>Stops Alertmanager and deletes its configuration and storage.</summary>
    public async ValueTask DisposeAsync()
    {
        await this.process.DisposeAsync();
        this.http.Dispose();
        try
        {
            Directory.Delete(this.workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open; the temporary directory is cleaned by the OS eventually
        }
    }
}
