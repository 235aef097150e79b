using OtelKpi.KpiView.Dashboards;
using OtelKpi.KpiView.View;

namespace OtelKpi.Dashboards.Tests.KpiView;

/// <summary>Values are judged as the dashboard draws them: against their job's reference line, or by the panel's threshold steps.</summary>
public class KpiJudgeTests
{
    private static KpiLine Line(string legend, double value, bool reference = false, string job = "shop") =>
        new(legend, new Dictionary<string, string> { ["job"] = job }, value, UnitFormat.Format(value, "percentunit"), reference, [value]);

    private static DashboardPanel Panel(params ThresholdStep[] steps) => new(1, "P", "timeseries", "d", "percentunit", [], null, false) { Thresholds = steps };

    [Fact]
    public void A_threshold_is_breached_from_above_and_4xx_are_never_judged()
    {
        var judged = KpiJudge.Judge(Panel(), [Line("shop 5xx", 0.06), Line("web 5xx", 0.04, job: "web"), Line("shop 4xx", 0.3), Line("shop threshold", 0.05, true), Line("web threshold", 0.05, true, "web")]);

        Assert.Equal([KpiStatus.Breach, KpiStatus.Ok, KpiStatus.None, KpiStatus.None, KpiStatus.None], judged.Select(l => l.Status));
        Assert.Equal("threshold 5.00%", judged[0].Comparison);
    }

    [Fact]
    public void An_objective_is_breached_from_below_and_a_limit_when_reached()
    {
        var sli = KpiJudge.Judge(Panel(), [Line("shop", 0.998), Line("shop objective", 0.999, true)]);
        var cores = KpiJudge.Judge(Panel(), [Line("shop a container", 2), Line("shop a limit", 2, true)]);

        Assert.Equal(KpiStatus.Breach, sli[0].Status);
        Assert.Equal("objective 99.9%", sli[0].Comparison);
        Assert.Equal(KpiStatus.Breach, cores[0].Status);
    }

    [Fact]
    public void Without_a_reference_line_the_threshold_steps_decide()
    {
        var rising = Panel(new("green", null), new("orange", 0.8), new("red", 0.9));
        var falling = Panel(new("red", null), new("orange", 0), new("green", 0.25));

        Assert.Equal([KpiStatus.Ok, KpiStatus.Warning, KpiStatus.Breach], KpiJudge.Judge(rising, [Line("a", 0.5), Line("b", 0.85), Line("c", 0.95)]).Select(l => l.Status));
        Assert.Equal([KpiStatus.Breach, KpiStatus.Warning, KpiStatus.Ok], KpiJudge.Judge(falling, [Line("a", -0.1), Line("b", 0.1), Line("c", 0.6)]).Select(l => l.Status));
        Assert.Equal("red from 90.0%", KpiJudge.Judge(rising, [Line("a", 0.5)])[0].Comparison);
        Assert.Equal("red below 0.00%", KpiJudge.Judge(falling, [Line("a", 0.5)])[0].Comparison);
    }
}
