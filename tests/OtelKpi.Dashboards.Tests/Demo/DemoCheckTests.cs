using System.Globalization;
using OtelKpi.Testing;

namespace OtelKpi.Dashboards.Tests.Demo;

/// <summary>
/// The check that ends <c>scripts/demo.sh --pictures</c> (scripts/demo-check.sh) fails loudly when the incident did not
/// take an alert through its whole path. Its passing side needs the whole ten-minute incident, which is too long for
/// the suite; the pictures run is that proof.
/// </summary>
public class DemoCheckTests
{
    [Fact]
    public async Task Fails_when_no_alert_was_notified()
    {
        var result = await CheckAsync("");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: no alert went pending, fired, was notified, resolved and was notified resolved within 10:00 of the incident's start", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_when_Prometheus_never_saw_the_notified_alert_pending_or_firing()
    {
        // Notifications as the receiver logs them (System.Text.Json writes + as \u002B), but no Prometheus with the
        // alert's ALERTS series (here: none on the port).
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        string Line(int minute, string status) =>
            $$"""{"at":"{{start.AddMinutes(minute).ToString("O", CultureInfo.InvariantCulture).Replace("+", "\\u002B", StringComparison.Ordinal)}}","receiver":"otelkpi-page","status":"{{status}}","alerts":["ErrorBuildup (otelkpi-sample) {{status}}"]}""";
        var result = await CheckAsync(Line(3, "firing") + "\n" + Line(8, "resolved") + "\n", start);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("  ErrorBuildup: never pending, never firing, notified 3:00, never resolved, notified resolved 8:00", result.Output, StringComparison.Ordinal);
        Assert.Contains("error: no alert went pending", result.Output, StringComparison.Ordinal);
    }

    private static async Task<CommandResult> CheckAsync(string notifications, DateTimeOffset? start = null)
    {
        var log = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(log, notifications);
            var epoch = (start ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            var port = FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture);
            return await CommandLine.RunAsync("bash", ["-c", $"set -euo pipefail; source scripts/demo-check.sh; incident_check {epoch} 600 '{log}' {port}"], workingDirectory: RepositoryPaths.Root);
        }
        finally
        {
            File.Delete(log);
        }
    }
}
