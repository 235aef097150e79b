using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using OtelKpi.Internal.Exposition;

namespace OtelKpi.Tests.Exposition;

/// <summary>Scrapes that keep failing: the first logged at once, then one summary a minute (events 1005 and 1006).</summary>
public class ScrapeFailureLogTests
{
    [Fact]
    public void A_failure_on_every_scrape_is_one_line_then_one_summary_a_minute()
    {
        var log = new ConcurrentQueue<KpiLogEntry>();
        using var capture = new OtelKpiLogCapture(log);
        var time = new FakeTimeProvider();
        var failures = new ScrapeFailureLog(capture.CreateLogger("OtelKpi"), time);

        failures.Failed(new InvalidOperationException("boom"));
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(15));
            failures.CollectionFailed();
        }

        Assert.Equal([1005], log.Select(e => e.EventId.Id));
        Assert.Equal("A scrape of the metrics endpoint failed: InvalidOperationException: boom. It was answered 500, or cut off if the body had started; further failures are summarised at most once a minute.", log.Single().Message);

        time.Advance(TimeSpan.FromSeconds(15));
        failures.Failed(new IOException("disk"));

        Assert.Equal([1005, 1006], log.Select(e => e.EventId.Id));
        Assert.Equal("4 more scrapes of the metrics endpoint failed in the last 60 s; last: IOException: disk", log.Last().Message);

        time.Advance(TimeSpan.FromSeconds(30));
        failures.Failed(new IOException("disk"));
        Assert.Equal(2, log.Count);
    }
}
