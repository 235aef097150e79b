using OtelKpi.Instrumentation.Container.Internal;

namespace OtelKpi.Instrumentation.Container.Tests.Internal;

public class NetworkReaderTests
{
    [Fact]
    public void Sums_every_interface_except_loopback()
    {
        Assert.Equal(new NetworkSample(1_000_500, 20_300), new NetworkReader(Fixture.Paths("v2-limited-throttled")).Read());
    }

    [Fact]
    public void Malformed_lines_are_skipped_and_no_interface_means_no_value()
    {
        Assert.Equal(default, new NetworkReader(Fixture.Paths("v2-garbage")).Read());
        Assert.Equal(default, new NetworkReader(Fixture.Paths("no-cgroup")).Read());
    }
}
