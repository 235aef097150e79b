using OtelKpi.KpiView.View;

namespace OtelKpi.Dashboards.Tests.KpiView;

/// <summary>Values print in the panel's unit, briefly.</summary>
public class UnitFormatTests
{
    [Theory]
    [InlineData(99.87, "reqps", "99.87 req/s")]
    [InlineData(1234.5, "reqps", "1235 req/s")]
    [InlineData(0.1, "percentunit", "10.0%")]
    [InlineData(0.0499, "percentunit", "4.99%")]
    [InlineData(0, "percentunit", "0.00%")]
    [InlineData(0.0732, "s", "73.2 ms")]
    [InlineData(1.657, "s", "1.66 s")]
    [InlineData(0.000111, "s", "111 µs")]
    [InlineData(243269632, "bytes", "232 MiB")]
    [InlineData(1536, "bytes", "1.5 KiB")]
    [InlineData(865, "Bps", "865 B/s")]
    [InlineData(87244.8, "Bps", "85.2 KiB/s")]
    [InlineData(0.8426, "short", "0.8426")]
    [InlineData(2, "short", "2")]
    [InlineData(double.NaN, "s", "NaN")]
    [InlineData(double.PositiveInfinity, "s", "+Inf")]
    public void Formats(double value, string unit, string expected)
    {
        Assert.Equal(expected, UnitFormat.Format(value, unit));
    }
}
