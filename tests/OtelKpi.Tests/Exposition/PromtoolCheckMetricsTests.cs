using System.Diagnostics.Metrics;
using OtelKpi.Testing;

namespace OtelKpi.Tests.Exposition;

/// <summary>
/// <c>promtool check metrics</c> (Prometheus 2.42) on what the streaming writer serves: it must parse, and OtelKpi's
/// own scrape must pass promtool's lint except where the names are the metric contract's (docs/metrics.md).
/// </summary>
public class PromtoolCheckMetricsTests
{
    [Fact]
    public async Task OtelKpi_s_scrape_parses_and_lints_clean()
    {
        await using var host = await KpiTestHost.StartAsync();
        await host.Client.GetAsync("/ok");
        await host.Client.GetAsync("/status/503");
        await host.ScrapeUntilRequestCountAsync(2);
        var body = await host.Client.GetStringAsync("/metrics");

        var (exitCode, output) = await CheckMetricsAsync(body);

        Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode}:\n{output}");
        Assert.Equal(string.Empty, output.Trim());
    }

    [Fact]
    public async Task Every_kind_of_instrument_parses_leaving_only_lint_about_the_test_s_own_names()
    {
        await using var pair = await ExpositionPair.StartAsync(meters =>
        {
            meters[0].CreateCounter<long>("test.requests", "{request}", "Requests \"quoted\" \\ and\nnewline").Add(1, new KeyValuePair<string, object?>("route", "a\"b\\c\nd"));
            meters[0].CreateHistogram<double>("test.duration", "s", "Durations").Record(double.PositiveInfinity);
            meters[0].CreateObservableGauge("test.special", () => new[] { new Measurement<double>(double.NaN), new Measurement<double>(double.NegativeInfinity, new KeyValuePair<string, object?>("v", "-inf")) }, "1", "Special");
        });
        var body = (await pair.SendAsync("/mine")).Text;

        var (exitCode, output) = await CheckMetricsAsync(body);

        Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode}:\n{output}");
    }

    private static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string body)
    {
        var promtool = ExternalTool.Find("promtool") ?? throw new InvalidOperationException("promtool is not installed: run scripts/install-prerequisites.sh");
        var file = Path.Combine(Path.GetTempPath(), $"otelkpi-scrape-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, body);
        try
        {
            var result = await CommandLine.RunAsync("sh", ["-c", "\"$0\" check metrics < \"$1\"", promtool, file], timeout: TimeSpan.FromMinutes(1));
            return (result.ExitCode, result.Output);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
