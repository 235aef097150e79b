using System.Globalization;

namespace OtelKpi.Testing.Kernel;

/// <summary>
/// A network namespace of the test's own, joined to the test's namespace by a veth pair on a /30 of 10.199.0.0/16:
/// the sample listens on <see cref="InsideAddress"/> and the test reaches it over the pair, so every byte the sample
/// sends or receives crosses one interface whose kernel counters the test reads from its own side.
/// </summary>
public sealed class VethNamespace : IAsyncDisposable
{
    private VethNamespace(string name, string outside, string inside, string insideAddress)
    {
        this.Name = name;
        this.OutsideInterface = outside;
        this.InsideInterface = inside;
        this.InsideAddress = insideAddress;
    }

    public string Name { get; }

    public string OutsideInterface { get; }

    public string InsideInterface { get; }

    public string InsideAddress { get; }

    /// <summary>The bind-mounted namespace file that nsenter joins.</summary>
    public string Path => "/run/netns/" + this.Name;

    /// <summary>Bytes the outside end received, which are the bytes the inside end (the sample) transmitted.</summary>
    public long OutsideReceived => KernelFiles.ReadLong($"/sys/class/net/{this.OutsideInterface}/statistics/rx_bytes");

    /// <summary>Bytes the outside end transmitted, which are the bytes the inside end (the sample) received.</summary>
    public long OutsideTransmitted => KernelFiles.ReadLong($"/sys/class/net/{this.OutsideInterface}/statistics/tx_bytes");

    public static async Task<VethNamespace> CreateAsync()
    {
        var id = Random.Shared.Next(1, 16_000);
        var name = $"otelkpi-gt-{id}";
        var outside = $"otk{id}o";
        var inside = $"otk{id}i";
        var subnet = id * 4;
        string Address(int host) => string.Create(CultureInfo.InvariantCulture, $"10.199.{subnet / 256}.{(subnet % 256) + host}");

        var created = new VethNamespace(name, outside, inside, Address(2));
        try
        {
            await KernelFiles.RunAsync("ip", "netns", "add", name);
            await KernelFiles.RunAsync("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
            await KernelFiles.RunAsync("ip", "link", "set", inside, "netns", name);
            await KernelFiles.RunAsync("ip", "addr", "add", Address(1) + "/30", "dev", outside);
            await KernelFiles.RunAsync("ip", "link", "set", outside, "up");
            await KernelFiles.RunAsync("ip", "netns", "exec", name, "ip", "addr", "add", Address(2) + "/30", "dev", inside);
            await KernelFiles.RunAsync("ip", "netns", "exec", name, "ip", "link", "set", inside, "up");
            await KernelFiles.RunAsync("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
            return created;
        }
        catch
        {
            await created.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KernelFiles.TryRunAsync("ip", "link", "del", this.OutsideInterface); // takes the inside end with it
        await KernelFiles.TryRunAsync("ip", "netns", "del", this.Name);
    }
}
