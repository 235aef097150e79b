using System.Globalization;
using OtelKpi.Instrumentation.Container.Internal;
using OtelKpi.Testing.Kernel;

namespace OtelKpi.Instrumentation.Container.Tests.GroundTruth;

/// <summary>The filesystem figures against the real df of GNU coreutils, for the directory the tests run in.</summary>
public class FilesystemGroundTruthTests
{
    [SkippableFact]
    public async Task Used_available_and_size_are_what_df_reports_and_usage_is_dfs_use_percent()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "df's output format is checked on Linux");
        var directory = AppContext.BaseDirectory;

        var sample = new FilesystemReader(directory).Read();
        var df = (await KernelFiles.RunAsync("df", "-B1", "--output=size,used,avail,pcent", directory)).Split('\n', StringSplitOptions.RemoveEmptyEntries)[1]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var (size, used, available) = (long.Parse(df[0], CultureInfo.InvariantCulture), long.Parse(df[1], CultureInfo.InvariantCulture), long.Parse(df[2], CultureInfo.InvariantCulture));
        var percent = int.Parse(df[3].TrimEnd('%'), CultureInfo.InvariantCulture);

        Assert.Equal(size, sample.CapacityBytes);
        // Other processes (builds running beside the tests) write meanwhile: some megabytes apart at most.
        Assert.InRange(sample.UsedBytes!.Value, used - (256L << 20), used + (256L << 20));
        Assert.InRange(sample.AvailableBytes!.Value, available - (256L << 20), available + (256L << 20));
        // df rounds Use% up: used / (used + available), not used / size, which ignores the blocks reserved for root.
        var usage = (double)sample.UsedBytes.Value / (sample.UsedBytes.Value + sample.AvailableBytes.Value);
        Assert.InRange(percent - (usage * 100), -0.01, 1.01);
    }
}
