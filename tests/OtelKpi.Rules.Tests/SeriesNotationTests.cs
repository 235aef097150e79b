using OtelKpi.Rules.Tests.Support;

namespace OtelKpi.Rules.Tests;

/// <summary>promtool's input notation, expanded the way promtool expands it.</summary>
public sealed class SeriesNotationTests
{
    [Fact]
    public void Expands_segments_repeats_and_gaps()
    {
        Assert.Equal([0, 60, 120, 180, 200, 200, 200, double.NaN, double.NaN, 5, 4, 3], SeriesNotation.Expand("0+60x3 200x2 _x2 5-1x2"));
    }

    [Fact]
    public void Shows_the_rounding_dip_that_a_fractional_step_makes_where_segments_meet()
    {
        var values = SeriesNotation.Expand("0+0.1x30 3x1");

        Assert.True(values[30] > 3, "0.1 added 30 times is a little more than 3");
        Assert.True(values[31] < values[30]);
    }

    [Fact]
    public void Describes_a_series()
    {
        var (name, labels) = SeriesNotation.Describe("http_server_request_duration_seconds_bucket{job=\"shop\",le=\"+Inf\"}");

        Assert.Equal("http_server_request_duration_seconds_bucket", name);
        Assert.Equal(new Dictionary<string, string> { ["job"] = "shop", ["le"] = "+Inf" }, labels);
    }
}
