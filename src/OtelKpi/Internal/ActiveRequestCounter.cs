using System.Diagnostics.Metrics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OtelKpi.Internal;

/// <summary>
/// <c>http.server.active_requests</c>, counted by OtelKpi's middleware instead of ASP.NET Core's up-down counter
/// (whose every change goes through OpenTelemetry's tag filtering and point lookup: 110-150 ns a request). A request
/// adds one to its method's cell and takes it off when it is done; cells are striped by processor so that two cores
/// never contend for one cache line, and the gauge adds the stripes up when it is collected.
/// </summary>
/// <remarks>
/// The instrument is created on ASP.NET Core's own <c>Microsoft.AspNetCore.Hosting</c> meter (the host's
/// <see cref="IMeterFactory"/> returns that same meter for the name), so it keeps its scope on the OTLP path, under a
/// name of its own (<see cref="KpiInstrumentNames.OwnActiveRequests"/>) that <see cref="KpiStreamPolicy"/> exports as
/// <c>http.server.active_requests</c>. ASP.NET Core's own instrument is dropped by the policy and so never enabled.
/// </remarks>
internal sealed class ActiveRequestCounter
{
    internal const string Description = "Number of active HTTP server requests.";
    internal const string Unit = "{request}";

    // A stripe's cells span whole 128-byte blocks (two cache lines, as the adjacent-line prefetcher pairs them).
    private const int CellsPerBlock = 16;

    private static readonly int Stride = (HttpMethodName.Count + CellsPerBlock - 1) / CellsPerBlock * CellsPerBlock;

    private readonly long[] cells;
    private readonly int stripeMask;
    private readonly bool[] seen = new bool[HttpMethodName.Count];

    public ActiveRequestCounter(IMeterFactory meterFactory)
    {
        var stripes = (int)Math.Min(64, BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount));
        this.stripeMask = stripes - 1;
        this.cells = new long[(stripes + 1) * Stride]; // one block of padding before the first stripe
#pragma warning disable CA2000 // The factory owns its meters and disposes them with the host.
        var hostingMeter = meterFactory.Create(KpiInstrumentNames.HostingMeter);
#pragma warning restore CA2000
        this.Instrument = hostingMeter.CreateObservableUpDownCounter(KpiInstrumentNames.OwnActiveRequests, this.Observe, Unit, Description);
    }

    public Instrument Instrument { get; }

    /// <summary>Counts a request of <paramref name="method"/> in; returns what <see cref="Exit"/> needs.</summary>
    public int Enter(string method)
    {
        var index = HttpMethodName.IndexOf(method);
        if (!this.seen[index])
        {
            Volatile.Write(ref this.seen[index], true);
        }

        Interlocked.Increment(ref this.Cell(index));
        return index;
    }

    /// <summary>Counts the request <see cref="Enter"/> returned <paramref name="index"/> for out.</summary>
    public void Exit(int index) => Interlocked.Decrement(ref this.Cell(index));

    /// <summary>The requests of every method seen so far, as ASP.NET Core's counter keeps a series once it has one.</summary>
    internal IEnumerable<Measurement<long>> Observe()
    {
        var measurements = new List<Measurement<long>>(2);
        for (var method = 0; method < HttpMethodName.Count; method++)
        {
            if (!Volatile.Read(ref this.seen[method]))
            {
                continue;
            }

            long active = 0;
            for (var stripe = 0; stripe <= this.stripeMask; stripe++)
            {
                active += Volatile.Read(ref this.cells[((stripe + 1) * Stride) + method]);
            }

            measurements.Add(new Measurement<long>(active, HttpMethodName.Tag(method)));
        }

        return measurements;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref long Cell(int method) =>
        ref this.cells[(((Thread.GetCurrentProcessorId() & this.stripeMask) + 1) * Stride) + method];
}
