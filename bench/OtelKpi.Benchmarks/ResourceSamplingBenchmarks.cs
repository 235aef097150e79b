using BenchmarkDotNet.Attributes;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OtelKpi.Instrumentation.Container;
using OtelKpi.Instrumentation.Container.Internal;
using System.Diagnostics.Metrics;

namespace OtelKpi.Benchmarks;

/// <summary>
/// The cost of one collection of the in-process resource metrics, as a scrape pays it:
/// <see cref="CollectContainerMetrics"/> observes all 14 container and host instruments once (fewer report values where the process has no cgroup of its own) (the sampler reads
/// every source once per collection and the other callbacks reuse the snapshot); <see cref="SampleAllSources"/> is the read on
/// its own and the <c>Read*</c> benchmarks break it down by source; <see cref="CollectProcessMetrics"/> is
/// OpenTelemetry's process instrumentation, for comparison. Measured on this machine's real /proc and cgroup files.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ResourceSamplingBenchmarks
{
    private ICgroupReader? cgroup;
    private NetworkReader? network;
    private FilesystemReader? filesystem;
    private ResourceSampler? sampler;
    private ContainerResourceMeter? containerMeter;
    private MeterListener? containerListener;
    private MeterProvider? processProvider;
    private MeterListener? processListener;
    private double sink;

    [GlobalSetup]
    public void SetUp()
    {
        // The same wiring as ResourceSampler.Create.
        var paths = HostPaths.Default;
        var layout = CgroupLayout.Detect(paths);
        var host = HostLimits.Read(paths);
        this.cgroup = ICgroupReader.For(layout, host);
        this.network = new NetworkReader(paths);
        this.filesystem = new FilesystemReader(Directory.GetCurrentDirectory());
        this.sampler = new ResourceSampler(this.cgroup, this.network, this.filesystem);
        this.containerMeter = new ContainerResourceMeter(this.sampler);
        this.containerListener = this.Listen(ContainerResourceMeter.MeterName);

        this.processProvider = Sdk.CreateMeterProviderBuilder().AddProcessInstrumentation().Build();
        this.processListener = this.Listen("OpenTelemetry.Instrumentation.Process");

        var containerValues = this.CountMeasurements(this.containerListener);
        var processValues = this.CountMeasurements(this.processListener);
        if (containerValues == 0 || processValues == 0)
        {
            throw new InvalidOperationException($"Expected measurements from both meters, got {containerValues} container and {processValues} process values.");
        }

        Console.WriteLine($"// cgroup {layout.Version}: {containerValues} container/host values and {processValues} process values per collection");
    }

    [Benchmark(Baseline = true)]
    public double CollectContainerMetrics()
    {
        this.containerListener!.RecordObservableInstruments();
        return this.sink;
    }

    [Benchmark]
    public long SampleAllSources()
    {
        return this.sampler!.Sample().Memory.WorkingSetBytes ?? 0;
    }

    [Benchmark]
    public double ReadCgroupCpu() => this.cgroup!.ReadCpu().UsageSeconds ?? 0;

    [Benchmark]
    public long ReadCgroupMemory() => this.cgroup!.ReadMemory().WorkingSetBytes ?? 0;

    [Benchmark]
    public long ReadCgroupBlockIo() => this.cgroup!.ReadIo().ReadBytes ?? 0;

    [Benchmark]
    public long ReadProcNetDev() => this.network!.Read().ReceiveBytes ?? 0;

    [Benchmark]
    public long ReadFilesystem() => this.filesystem!.Read().UsedBytes ?? 0;

    [Benchmark]
    public double CollectProcessMetrics()
    {
        this.processListener!.RecordObservableInstruments();
        return this.sink;
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        this.containerListener?.Dispose();
        this.processListener?.Dispose();
        this.containerMeter?.Dispose();
        this.processProvider?.Dispose();
    }

    private MeterListener Listen(string meterName)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == meterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => this.sink += value);
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => this.sink += value);
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => this.sink += value);
        listener.Start();
        return listener;
    }

    private int CountMeasurements(MeterListener listener)
    {
        var count = 0;
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => count++);
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => count++);
        listener.SetMeasurementEventCallback<int>((_, _, _, _) => count++);
        listener.RecordObservableInstruments();
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => this.sink += value);
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => this.sink += value);
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => this.sink += value);
        return count;
    }
}
