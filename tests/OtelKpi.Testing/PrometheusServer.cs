using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace OtelKpi.Testing;

/// <summary>
/// A real Prometheus (the <c>prometheus</c> binary on the PATH or in .tools/bin, 2.42 from Debian) on a free loopback port,
/// with its own configuration file and a temporary storage directory. Failures carry its log.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly ManagedProcess process;
    private readonly HttpClient http;
    private readonly string workDirectory;

    private PrometheusServer(ManagedProcess process, Uri address, string workDirectory)
    {
        this.process = process;
        this.Address = address;
        this.workDirectory = workDirectory;
        this.http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The base address, such as http://127.0.0.1:40123/.</summary>
    public Uri Address { get; }

    /// <summary>Everything Prometheus logged so far.</summary>
    public string Log => this.process.Log;

    /// <summary>
    /// Writes <paramref name="configYaml"/> to a temporary directory, starts Prometheus with it and waits for /-/ready.
    /// <paramref name="storageDirectory"/> reuses existing TSDB blocks (for example from promtool tsdb create-blocks-from);
    /// by default a fresh directory under the temporary one is used.
    /// </summary>
    public static async Task<PrometheusServer> StartAsync(string configYaml, string? storageDirectory = null)
    {
        var workDirectory = Directory.CreateTempSubdirectory("otelkpi-prometheus-").FullName;
        var configPath = Path.Combine(workDirectory, "prometheus.yml");
        await File.WriteAllTextAsync(configPath, configYaml);
        storageDirectory ??= Path.Combine(workDirectory, "data");

        for (var attempt = 1; ; attempt++)
        {
            var port = FreeTcpPort.Next();
            var server = Launch(configPath, storageDirectory, port, workDirectory);
            string? failure;
            try
            {
                failure = await server.WaitReadyAsync();
            }
            catch
            {
                await server.StopAsync(); // never leave the child running, whatever went wrong
                server.http.Dispose();
                DeleteDirectory(workDirectory);
                throw;
            }

            if (failure is null)
            {
                return server;
            }

            var log = server.Log;
            await server.StopAsync();
            server.http.Dispose();
            if (attempt < 3 && log.Contains("address already in use", StringComparison.Ordinal))
            {
                continue; // someone took the port between probing and binding it
            }

            DeleteDirectory(workDirectory);
            throw new InvalidOperationException($"Prometheus did not become ready: {failure}\n--- configuration\n{configYaml}\n--- log\n{log}");
        }
    }

    /// <summary>Runs an instant query (POST /api/v1/query), at <paramref name="time"/> or now.</summary>
    public Task<PrometheusQueryResult> QueryAsync(string promql, DateTimeOffset? time = null)
    {
        var form = new Dictionary<string, string> { ["query"] = promql };
        if (time is { } at)
        {
            form["time"] = UnixSeconds(at);
        }

        return this.PostQueryAsync("api/v1/query", form, promql);
    }

    /// <summary>Runs a range query (POST /api/v1/query_range), as a Grafana time-series panel does.</summary>
    public Task<PrometheusQueryResult> QueryRangeAsync(string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step) =>
        this.PostQueryAsync(
            "api/v1/query_range",
            new Dictionary<string, string>
            {
                ["query"] = promql,
                ["start"] = UnixSeconds(start),
                ["end"] = UnixSeconds(end),
                ["step"] = step.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            },
            promql);

    /// <summary>
    /// The values of <paramref name="label"/> on series matching <paramref name="match"/> between
    /// <paramref name="start"/> and <paramref name="end"/> (GET /api/v1/label/&lt;label&gt;/values), which is what
    /// Grafana runs for a <c>label_values(match, label)</c> variable.
    /// </summary>
    public async Task<IReadOnlyList<string>> LabelValuesAsync(string label, string? match, DateTimeOffset start, DateTimeOffset end)
    {
        var query = $"start={UnixSeconds(start)}&end={UnixSeconds(end)}";
        if (match is not null)
        {
            query += "&match[]=" + Uri.EscapeDataString(match);
        }

        var data = await this.GetDataAsync($"api/v1/label/{Uri.EscapeDataString(label)}/values?{query}", match ?? label);
        return data.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    /// <summary>The <c>data</c> of any GET API, such as <c>api/v1/rules</c> or <c>api/v1/targets</c>.</summary>
    public Task<JsonElement> GetDataAsync(string pathAndQuery) => this.GetDataAsync(pathAndQuery, pathAndQuery);

    /// <summary>
    /// Polls <paramref name="condition"/> every quarter second until it holds; fails after <paramref name="timeout"/>
    /// with <paramref name="what"/> and the log. For waiting on scrapes and rule evaluations, never for asserting durations.
    /// </summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}.\n--- Prometheus log\n{this.process.Tail()}");
            }

            if (!this.process.IsRunning)
            {
                throw new InvalidOperationException($"Prometheus exited while waiting for {what}.\n--- log\n{this.Log}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Stops Prometheus and deletes its configuration and storage.</summary>
    public async ValueTask DisposeAsync()
    {
        await this.StopAsync();
        this.http.Dispose();
        DeleteDirectory(this.workDirectory);
    }

    private static PrometheusServer Launch(string configPath, string storageDirectory, int port, string workDirectory)
    {
        var process = ManagedProcess.Start(
            "prometheus",
            [$"--config.file={configPath}", $"--storage.tsdb.path={storageDirectory}", $"--web.listen-address=127.0.0.1:{port}"],
            workDirectory);
        return new PrometheusServer(process, new Uri($"http://127.0.0.1:{port}/"), workDirectory);
    }

    private async Task<string?> WaitReadyAsync()
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < ReadyTimeout)
        {
            if (!this.process.IsRunning)
            {
                return $"it exited with code {this.process.ExitCode}";
            }

            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                using var response = await this.http.GetAsync(new Uri("-/ready", UriKind.Relative), attempt.Token);
                if (response.IsSuccessStatusCode)
                {
                    return null;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (OperationCanceledException)
            {
                // no answer within 5 s: still starting; the overall deadline still holds
            }

            await Task.Delay(100);
        }

        return $"/-/ready did not answer 200 within {ReadyTimeout.TotalSeconds:0} s";
    }

    private async Task<PrometheusQueryResult> PostQueryAsync(string path, Dictionary<string, string> form, string what)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await this.http.PostAsync(new Uri(path, UriKind.Relative), content);
        var data = await this.ReadDataAsync(response, what);
        return PrometheusQueryResult.Parse(data);
    }

    private async Task<JsonElement> GetDataAsync(string pathAndQuery, string what)
    {
        using var response = await this.http.GetAsync(new Uri(pathAndQuery, UriKind.Relative));
        return await this.ReadDataAsync(response, what);
    }

    private async Task<JsonElement> ReadDataAsync(HttpResponseMessage response, string what)
    {
        JsonElement body;
        try
        {
            body = await response.Content.ReadFromJsonAsync<JsonElement>();
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Prometheus answered {(int)response.StatusCode} without JSON to: {what}\n--- log\n{this.process.Tail()}", e);
        }

        if (body.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException(
                $"Prometheus rejected: {what}\n{body.GetProperty("errorType").GetString()}: {body.GetProperty("error").GetString()}");
        }

        return body.GetProperty("data").Clone();
    }

    private ValueTask StopAsync() => this.process.DisposeAsync();

    private static string UnixSeconds(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    private static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open; the temporary directory is cleaned by the OS eventually
        }
    }
}
