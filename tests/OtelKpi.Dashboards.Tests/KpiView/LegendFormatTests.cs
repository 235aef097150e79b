using OtelKpi.KpiView.View;

namespace OtelKpi.Dashboards.Tests.KpiView;

/// <summary>Legends render like Grafana's legendFormat.</summary>
public class LegendFormatTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["job"] = "shop", ["instance"] = "10.0.0.1:80" };

    [Theory]
    [InlineData("{{job}} {{instance}} limit", "shop 10.0.0.1:80 limit")]
    [InlineData("{{ job }}", "shop")]
    [InlineData("{{http_route}}", "")]
    [InlineData("P99", "P99")]
    public void Renders(string format, string expected)
    {
        Assert.Equal(expected, LegendFormat.Render(format, Labels));
    }
}
