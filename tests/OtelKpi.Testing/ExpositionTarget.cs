using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OtelKpi.Testing;

/// <summary>
/// A scrape target on a free loopback port whose /metrics serves counters the test drives: each grows at a rate
/// per second the test sets (integrated at every scrape), and can jump. For incidents that real rules must see
/// without waiting for a real service to misbehave. The text is the Prometheus exposition format 0.0.4.
/// </summary>
public sealed class ExpositionTarget : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Lock gate = new();
    private readonly Dictionary<string, (double Value, double PerSecond)> counters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> types = new(StringComparer.Ordinal);
    private DateTimeOffset updated = DateTimeOffset.UtcNow;

    private ExpositionTarget(WebApplication app, Uri address)
    {
        this.app = app;
        this.Address = address;
    }

    /// <summary>The base address.</summary>
    public Uri Address { get; }

    /// <summary>host:port, as a Prometheus static target.</summary>
    public string Target => $"{this.Address.Host}:{this.Address.Port}";

    /// <summary>Starts the target on 127.0.0.1 and a port the kernel picks.</summary>
    public static async Task<ExpositionTarget> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        ExpositionTarget? target = null;
        app.MapGet("/metrics", () => Results.Text(target!.Render(), "text/plain; version=0.0.4; charset=utf-8"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        target = new ExpositionTarget(app, new Uri(address + "/"));
        return target;
    }

    /// <summary>
    /// Sets the rate of the series <paramref name="series"/> (name and labels as in the exposition, such as
    /// <c>x_total{a="1"}</c>) of family <paramref name="family"/> with type <paramref name="type"/>; creates it at 0.
    /// </summary>
    public void SetRate(string family, string type, string series, double perSecond)
    {
        lock (this.gate)
        {
            this.Integrate();
            this.types[family] = type;
            var value = this.counters.TryGetValue(series, out var current) ? current.Value : 0;
            this.counters[series] = (value, perSecond);
        }
    }

    /// <summary>Adds <paramref name="amount"/> to a series at once.</summary>
    public void Add(string series, double amount)
    {
        lock (this.gate)
        {
            this.Integrate();
            var current = this.counters[series];
            this.counters[series] = (current.Value + amount, current.PerSecond);
        }
    }

    /// <summary>Stops the target.</summary>
    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }

    private string Render()
    {
        lock (this.gate)
        {
            this.Integrate();
            var text = new StringBuilder();
            foreach (var (family, type) in this.types.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                text.Append("# TYPE ").Append(family).Append(' ').Append(type).Append('\n');
                foreach (var (series, (value, _)) in this.counters.Where(c => c.Key.StartsWith(family, StringComparison.Ordinal)).OrderBy(c => c.Key, StringComparer.Ordinal))
                {
                    text.Append(series).Append(' ').Append(Math.Floor(value).ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
            }

            return text.ToString();
        }
    }

    private void Integrate()
    {
        var now = DateTimeOffset.UtcNow;
        var seconds = (now - this.updated).TotalSeconds;
        this.updated = now;
        foreach (var key in this.counters.Keys.ToList())
        {
            var (value, perSecond) = this.counters[key];
            this.counters[key] = (value + (perSecond * seconds), perSecond);
        }
    }
}
