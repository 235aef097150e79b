using OtelKpi.KpiView.Notifications;
using OtelKpi.KpiView.View;

namespace OtelKpi.Dashboards.Tests.KpiView;

/// <summary>The frame: a summary, one line per measured series with its status, value, trend and reference, the alerts and notifications.</summary>
public class KpiScreenTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private static readonly Dictionary<string, string> Shop = new() { ["job"] = "shop" };

    private static KpiSnapshot Snapshot() => new(
        At,
        [
            new KpiPanelReading("Requests", "Request Rate", [new KpiLine("shop", Shop, 100, "100 req/s", false, [90, 100, 110])], null),
            new KpiPanelReading("Requests", "Error Rate",
            [
                new KpiLine("shop 5xx", Shop, 0.1, "10.0%", false, [0.01, 0.05, 0.1]) { Status = KpiStatus.Breach, Comparison = "threshold 5.00%" },
                new KpiLine("shop threshold", Shop, 0.05, "5.00%", true, [0.05, 0.05, 0.05]),
            ], null),
            new KpiPanelReading("Resources", "CPU %", [], null),
            new KpiPanelReading("Resources", "Disk Usage", [], "bad_data: parse error"),
        ],
        [new ActiveAlert("ErrorRatioBreach", "firing", new Dictionary<string, string> { ["job"] = "shop", ["severity"] = "critical" }, At.AddMinutes(-2))]);

    [Fact]
    public void Plain_text_marks_breaches_with_words_and_folds_reference_lines_into_the_comparison()
    {
        var notifications = new[] { new Notification(At.AddSeconds(-30), "paging", "firing", ["ErrorRatioBreach (shop) firing"]) };
        var text = KpiScreen.Render(Snapshot(), new KpiFrameContext("OtelKpi / Service KPI", new Uri("http://127.0.0.1:9090/"), "20s", notifications, null), TerminalStyle.Plain);

        var expected = string.Join('\n',
            "OtelKpi / Service KPI   2025-03-04 05:06:07 UTC   Prometheus http://127.0.0.1:9090/   rates over 20s",
            "BREACH 1 breaching, 0 warning   alerts: 1 firing, 0 pending",
            "",
            "Requests",
            "  Request Rate             shop                100 req/s  ▁▅█",
            "  Error Rate               shop 5xx BREACH         10.0%  ▁▄█  threshold 5.00%",
            "",
            "Resources",
            "  CPU %                    no data yet",
            "  Disk Usage               query failed: bad_data: parse error",
            "",
            "Alerts  (pending, firing; rules page http://127.0.0.1:9090/alerts)",
            "  FIRING   ErrorRatioBreach         critical  job shop  active for 2m00s",
            "",
            "Notifications  (Alertmanager to the local receiver)",
            "  05:05:37  paging   FIRING   ErrorRatioBreach (shop) firing",
            "");
        Assert.Equal(expected, text.ReplaceLineEndings("\n"));
        Assert.DoesNotContain('\u001b', text);
    }

    [Fact]
    public void A_terminal_gets_colour_and_symbols()
    {
        var text = KpiScreen.Render(Snapshot(), new KpiFrameContext("T", new Uri("http://127.0.0.1:9090/"), "20s", null, "q: stop"), TerminalStyle.Ansi);

        Assert.Contains("\u001b[1;31m✖ BREACH\u001b[0m", text, StringComparison.Ordinal);
        Assert.Contains("\u001b[1;31m      10.0%\u001b[0m", text, StringComparison.Ordinal);
        Assert.Contains("\u001b[1;31m● FIRING  \u001b[0m", text, StringComparison.Ordinal);
        Assert.Contains("q: stop", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Notifications", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { 1.0, 2, 3, 4, 5, 6, 7, 8 }, "▁▂▃▄▅▆▇█")]
    [InlineData(new[] { 5.0, 5, 5 }, "▁▁▁")]
    [InlineData(new[] { double.NaN, 0, 1 }, " ▁█")]
    public void Sparklines_scale_between_the_trends_own_extremes(double[] values, string expected)
    {
        Assert.Equal(expected, Sparkline.Render(values));
    }
}
