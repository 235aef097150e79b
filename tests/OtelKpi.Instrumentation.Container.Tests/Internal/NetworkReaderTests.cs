using OtelKpi.Instrumentation.Container.Internal;

namespace OtelKpi.Instrumentation.Container.Tests.Internal;

public class NetworkReaderTests
{
    private const string Header = """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed

        """;

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

    [Fact]
    public void Totals_never_decrease_when_interfaces_disappear_appear_or_restart()
    {
        var reader = new NetworkReader(Fixture.Paths("no-cgroup"));

        Assert.Equal(new NetworkSample(1_100, 2_200), reader.Accumulate(Dev(("eth0", 1_000, 2_000), ("veth1", 100, 200))));
        // veth1 is gone: its 100/200 bytes stay counted; eth0 grew by 50/60.
        Assert.Equal(new NetworkSample(1_150, 2_260), reader.Accumulate(Dev(("eth0", 1_050, 2_060))));
        // A new veth1 starts from its own 30/40.
        Assert.Equal(new NetworkSample(1_180, 2_300), reader.Accumulate(Dev(("eth0", 1_050, 2_060), ("veth1", 30, 40))));
        // eth0's counters restarted (the interface was recreated): its new 5/6 bytes are added.
        Assert.Equal(new NetworkSample(1_185, 2_306), reader.Accumulate(Dev(("eth0", 5, 6), ("veth1", 30, 40))));
        // An unreadable file omits the metric and keeps the totals.
        Assert.Equal(default, reader.Accumulate(null));
        Assert.Equal(new NetworkSample(1_195, 2_326), reader.Accumulate(Dev(("eth0", 15, 26), ("veth1", 30, 40))));
    }

    private static string Dev(params (string Name, long Received, long Transmitted)[] interfaces) =>
        Header + "    lo: 999 9 0 0 0 0 0 0 999 9 0 0 0 0 0 0\n"
        + string.Concat(interfaces.Select(i => $"  {i.Name}: {i.Received} 1 0 0 0 0 0 0 {i.Transmitted} 1 0 0 0 0 0 0\n"));
}
