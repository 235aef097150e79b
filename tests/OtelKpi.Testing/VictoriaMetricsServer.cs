using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace OtelKpi.Testing;

/// <summary>
/// A real single-node VictoriaMetrics (<c>victoria-metrics</c> 1.79 from Debian) on a free loopback port with its
/// own temporary storage. Response caching is off, so that what vmalert writes is what the next query reads.
/// </summary>
public sealed class VictoriaMetricsServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly ManagedProcess process;
    private readonly HttpClient http;
    private readonly string workDirectory;

    private VictoriaMetricsServer(ManagedProcess process, Uri address, string workDirectory)
    {
        this.process = process;
        this.Address = address;
        this.workDirectory = workDirectory;
        this.http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The base address, such as http://127.0.0.1:40123/, for vmalert's -datasource.url and -remoteWrite.url.</summary>
    public Uri Address { get; }

    /// <summary>Everything VictoriaMetrics logged so far.</summary>
    public string Log => this.process.Log;

    /// <summary>Starts VictoriaMetrics and waits until /health answers.</summary>
    public static async Task<VictoriaMetricsServer> StartAsync()
    {
        var workDirectory = Directory.CreateTempSubdirectory("otelkpi-victoria-metrics-").FullName;
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            var (process, port) = await LoopbackService.StartAsync(
                port => ManagedProcess.Start(
                    "victoria-metrics",
                    [
                        $"-storageDataPath={Path.Combine(workDirectory, "data")}",
                        $"-httpListenAddr=127.0.0.1:{port}",
                        "-retentionPeriod=100y",
                        "-search.disableCache",
                        "-search.latencyOffset=1s",
                        "-loggerLevel=WARN",
                    ],
                    workDirectory),
                async port => (await probe.GetAsync(new Uri($"http://127.0.0.1:{port}/health"))).IsSuccessStatusCode,
                ReadyTimeout,
                "VictoriaMetrics' /health");
            return new VictoriaMetricsServer(process, new Uri($"http://127.0.0.1:{port}/"), workDirectory);
        }
        catch
        {
            Directory.Delete(workDirectory, recursive: true);
            throw;
        }
    }

    /// <summary>Imports samples in the Prometheus text format with timestamps (POST /api/v1/import/prometheus) and makes them searchable.</summary>
    public async Task ImportAsync(string exposition)
    {
        using var content = new StringContent(exposition);
        using var response = await this.http.PostAsync(new Uri("api/v1/import/prometheus", UriKind.Relative), content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"VictoriaMetrics refused the import: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        await this.FlushAsync();
    }

    /// <summary>Makes everything ingested so far visible to queries (/internal/force_flush).</summary>
    public async Task FlushAsync()
    {
        using var response = await this.http.GetAsync(new Uri("internal/force_flush", UriKind.Relative));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Runs an instant query at <paramref name="time"/>.</summary>
    public async Task<PrometheusQueryResult> QueryAsync(string promql, DateTimeOffset time)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["query"] = promql,
            ["time"] = time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["nocache"] = "1",
        });
        using var response = await this.http.PostAsync(new Uri("api/v1/query", UriKind.Relative), content);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (body.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"VictoriaMetrics rejected {promql}: {body}");
        }

        return PrometheusQueryResult.Parse(body.GetProperty("data"));
    }

    /// <summary>Stops VictoriaMetrics and deletes its storage.</summary>
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
