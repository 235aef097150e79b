using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using OtelKpi.Tests.Apps;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace OtelKpi.Tests;

/// <summary>
/// OtelKpi records <c>http.server.request.duration</c> itself, so that ASP.NET Core's own instruments stay off. The
/// oracle is ASP.NET Core's hosting layer: a listener enables its histogram next to OtelKpi's on one loopback Kestrel
/// service, and for every request both must record the same contract labels (ASP.NET Core's tags restricted to the four
/// the contract keeps), or both nothing, and OtelKpi, which times the pipeline inside the hosting layer's timing, never a
/// longer duration. The requests are those where the contract takes the hosting layer's values unchanged; where it
/// corrects them (error pages, long-lived sessions, health checks, error.type on 5xx) ErrorPageAttributionTests,
/// LongLivedRequestTests, RouteFormTests and HttpMetricsTests pin OtelKpi's values.
/// </summary>
public sealed class HostingLayerOracleTests
{
    private static readonly string[] ContractKeys = ["error.type", "http.request.method", "http.response.status_code", "http.route"];

    private static readonly TimeSpan RecordWait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task For_every_request_OtelKpi_records_the_labels_ASP_NET_Core_s_hosting_layer_records_and_never_a_longer_duration()
    {
        await using var host = await AttributionApp.StartAsync(
            app =>
            {
                app.MapControllers();
                app.MapGet(string.Empty, () => "root"); // an empty template, which ASP.NET Core 10 records as "/"
                app.MapGet("/items/{id:int}", (int id) => id);
                app.MapPost("/items", () => Results.Created("/items/1", 1));
                app.MapGet("/unavailable", () => Results.StatusCode(503));
                app.MapGet("/slow", async () =>
                {
                    // By the stopwatch OtelKpi times with: a timer may fire a little before its 200 ms are up by that clock.
                    var started = Stopwatch.GetTimestamp();
                    while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromMilliseconds(200))
                    {
                        await Task.Delay(50);
                    }

                    return "slow";
                });
                app.MapGet("/throws", string () => throw new InvalidOperationException("no handler"));
                app.MapGet("/throws-late", async context =>
                {
                    await context.Response.WriteAsync("partial");
                    await context.Response.Body.FlushAsync();
                    throw new InvalidOperationException("after the response started");
                });
                app.MapGet("/too-large", string () => throw new BadHttpRequestException("too large", 413));
                app.MapGet("/disabled", () => "not recorded").DisableHttpMetrics();
                app.MapGet("/opted-out", (HttpContext context) =>
                {
                    context.Features.GetRequiredFeature<IHttpMetricsTagsFeature>().MetricsDisabled = true;
                    return "not recorded";
                });
            },
            services: builder => builder.Services.AddControllers(),
            kestrel: true);
        using var recorded = new BothRecordings(host.App.Services.GetRequiredService<IMeterFactory>());

        var requests = new (string Method, string Path, bool Recorded)[]
        {
            ("GET", "/", true),
            ("GET", "/items/7", true),
            ("get", "/items/8", true),
            ("POST", "/items", true),
            ("FOO", "/items/9", true),
            ("DELETE", "/items/9", true),
            ("GET", "/nowhere", true),
            ("GET", "/slow", true),
            ("GET", "/throws", true),
            ("GET", "/throws-late", true),
            ("GET", "/too-large", true),
            ("GET", "/api/Orders/1", true),
            ("GET", "/api/Orders/101", true),
            ("POST", "/api/Orders/2/cancel", true),
            ("GET", "/disabled", false),
            ("GET", "/opted-out", false),
        };

        var statuses = new List<string>();
        foreach (var (method, path, isRecorded) in requests)
        {
            statuses.Add($"{method} {path}: {await SendAsync(host.Client, method, path)}");
            var (aspNetCore, otelKpi) = await recorded.NextAsync(isRecorded ? 1 : 0);
            var request = $"{method} {path}";
            if (!isRecorded)
            {
                Assert.True(aspNetCore is null && otelKpi is null, $"{request} was recorded: ASP.NET Core {aspNetCore}, OtelKpi {otelKpi}");
                continue;
            }

            Assert.True(aspNetCore is not null && otelKpi is not null, $"{request}: ASP.NET Core recorded {aspNetCore}, OtelKpi {otelKpi}");
            Assert.Equal($"{request} {aspNetCore.Value.Labels}", $"{request} {otelKpi.Value.Labels}");
            Assert.InRange(otelKpi.Value.Seconds, double.Epsilon, aspNetCore.Value.Seconds);
        }

        // The requests really took the paths they are named for (the client's view of each).
        Assert.Equal(
            [
                "GET /: 200", "GET /items/7: 200", "get /items/8: 200", "POST /items: 201", "FOO /items/9: 405", "DELETE /items/9: 405",
                "GET /nowhere: 404", "GET /slow: 200", "GET /throws: 500", "GET /throws-late: aborted", "GET /too-large: 413",
                "GET /api/Orders/1: 200", "GET /api/Orders/101: 404", "POST /api/Orders/2/cancel: 500", "GET /disabled: 200", "GET /opted-out: 200",
            ],
            statuses);
        Assert.Equal(
            [
                "error.type=Microsoft.AspNetCore.Http.BadHttpRequestException,http.request.method=GET,http.response.status_code=413,http.route=/too-large",
                "error.type=System.InvalidOperationException,http.request.method=GET,http.response.status_code=200,http.route=/throws-late",
                "error.type=System.InvalidOperationException,http.request.method=GET,http.response.status_code=500,http.route=/throws",
                "error.type=System.InvalidOperationException,http.request.method=POST,http.response.status_code=500,http.route=api/Orders/{id:int}/cancel",
                "http.request.method=DELETE,http.response.status_code=405",
                "http.request.method=GET,http.response.status_code=200,http.route=/",
                "http.request.method=GET,http.response.status_code=200,http.route=/items/{id:int}",
                "http.request.method=GET,http.response.status_code=200,http.route=/items/{id:int}",
                "http.request.method=GET,http.response.status_code=200,http.route=/slow",
                "http.request.method=GET,http.response.status_code=200,http.route=api/Orders/{id:int}",
                "http.request.method=GET,http.response.status_code=404",
                "http.request.method=GET,http.response.status_code=404,http.route=api/Orders/{id:int}",
                "http.request.method=POST,http.response.status_code=201,http.route=/items",
                "http.request.method=_OTHER,http.response.status_code=405",
            ],
            recorded.OtelKpiLabels.Order(StringComparer.Ordinal));
        Assert.True(recorded.OtelKpiSecondsOf("http.route=/slow") >= 0.2, "the slow endpoint's 200 ms are in OtelKpi's duration");
    }

    [Fact]
    public async Task A_5xx_answered_without_an_exception_is_the_one_label_OtelKpi_adds()
    {
        await using var host = await AttributionApp.StartAsync(app => app.MapGet("/unavailable", () => Results.StatusCode(503)), kestrel: true);
        using var recorded = new BothRecordings(host.App.Services.GetRequiredService<IMeterFactory>());

        Assert.Equal("503", await SendAsync(host.Client, "GET", "/unavailable"));
        var (aspNetCore, otelKpi) = await recorded.NextAsync(1);

        Assert.Equal("http.request.method=GET,http.response.status_code=503,http.route=/unavailable", aspNetCore!.Value.Labels);
        Assert.Equal("error.type=503,http.request.method=GET,http.response.status_code=503,http.route=/unavailable", otelKpi!.Value.Labels);
    }

    private static async Task<string> SendAsync(HttpClient client, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        try
        {
            using var response = await client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException)
        {
            return "aborted"; // the response had started when the exception reached Kestrel: it resets the connection
        }
    }

    /// <summary>
    /// The measurements of ASP.NET Core's histogram and OtelKpi's on one host's hosting meter, taken by a listener of the
    /// test's own (started after the host, so it sees the instruments already published and touches no other host's).
    /// </summary>
    private sealed class BothRecordings : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly List<(string Labels, double Seconds)> aspNetCore = [];
        private readonly List<(string Labels, double Seconds)> otelKpi = [];
        private int taken;

        public BothRecordings(IMeterFactory factory)
        {
            var enabled = 0;
            this.listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Meter.Name == "Microsoft.AspNetCore.Hosting"
                    && instrument.Name is "http.server.request.duration" or "otelkpi.http.server.request.duration")
                {
                    listener.EnableMeasurementEvents(instrument, instrument.Name.StartsWith("otelkpi.", StringComparison.Ordinal) ? this.otelKpi : this.aspNetCore);
                    Interlocked.Increment(ref enabled);
                }
            };
            this.listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) =>
            {
                var labels = string.Join(",", tags.ToArray()
                    .Where(tag => ContractKeys.Contains(tag.Key))
                    .OrderBy(tag => tag.Key, StringComparer.Ordinal)
                    .Select(tag => string.Create(CultureInfo.InvariantCulture, $"{tag.Key}={tag.Value}")));
                var list = (List<(string, double)>)state!;
                lock (list)
                {
                    list.Add((labels, value));
                }
            });
            this.listener.Start();
            Assert.Equal(2, enabled);
        }

        public IEnumerable<string> OtelKpiLabels
        {
            get
            {
                lock (this.otelKpi)
                {
                    return [.. this.otelKpi.Select(m => m.Labels)];
                }
            }
        }

        public double OtelKpiSecondsOf(string label)
        {
            lock (this.otelKpi)
            {
                return this.otelKpi.Single(m => m.Labels.Contains(label, StringComparison.Ordinal)).Seconds;
            }
        }

        /// <summary>
        /// The next measurement of each, once both have one (the hosting layer records after the client has its
        /// response), or none of either when <paramref name="expected"/> is 0 (waiting a moment for a late one).
        /// </summary>
        public async Task<((string Labels, double Seconds)? AspNetCore, (string Labels, double Seconds)? OtelKpi)> NextAsync(int expected)
        {
            var deadline = DateTime.UtcNow + (expected == 0 ? TimeSpan.FromMilliseconds(300) : RecordWait);
            while (DateTime.UtcNow < deadline && (Count(this.aspNetCore) < this.taken + expected || Count(this.otelKpi) < this.taken + expected))
            {
                await Task.Delay(10);
            }

            if (expected == 0)
            {
                await Task.Delay(300);
                return (At(this.aspNetCore, this.taken), At(this.otelKpi, this.taken));
            }

            var next = (At(this.aspNetCore, this.taken), At(this.otelKpi, this.taken));
            this.taken++;
            return next;
        }

        public void Dispose() => this.listener.Dispose();

        private static int Count(List<(string, double)> list)
        {
            lock (list)
            {
                return list.Count;
            }
        }

        private static (string Labels, double Seconds)? At(List<(string Labels, double Seconds)> list, int index)
        {
            lock (list)
            {
                return index < list.Count ? list[index] : null;
            }
        }
    }
}
