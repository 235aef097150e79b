using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OtelKpi.Internal;

namespace OtelKpi.Tests.Exposition;

/// <summary>What a scrape does when writing fails, when the scraper goes away, and within the response cache.</summary>
public class ScrapeFailureTests
{
    [Fact]
    public async Task A_point_that_cannot_be_written_answers_500_is_logged_once_and_releases_the_lock()
    {
        var log = new ConcurrentQueue<KpiLogEntry>();
        using var loggers = new OtelKpiLogCapture(log);
        await using var pair = await ExpositionPair.StartAsync(
            meters => meters[0].CreateCounter<long>("broken").Add(1, new KeyValuePair<string, object?>("tag", new Unprintable())),
            log: loggers.CreateLogger(KpiLog.CategoryName));

        var first = await pair.SendAsync("/mine");
        var second = await pair.SendAsync("/mine");

        Assert.Equal((500, 500), (first.Status, second.Status));
        Assert.Empty(first.Body);
        Assert.DoesNotContain("Content-Type", first.Headers.Keys);
        var logged = Assert.Single(log);
        Assert.Equal((1005, "ScrapeFailed"), (logged.EventId.Id, logged.EventId.Name));
        Assert.Contains("InvalidOperationException: cannot be printed", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_compressed_scrape_that_fails_before_its_first_chunk_is_answered_500_too()
    {
        await using var pair = await ExpositionPair.StartAsync(
            meters => meters[0].CreateCounter<long>("broken").Add(1, new KeyValuePair<string, object?>("tag", new Unprintable())));

        var answer = await pair.SendAsync("/mine", acceptEncoding: "gzip");

        Assert.Equal(500, answer.Status);
        Assert.Empty(answer.Body);
        Assert.DoesNotContain("Content-Encoding", answer.Headers.Keys);
    }

    [Fact]
    public async Task A_point_that_fails_after_the_body_started_cuts_the_connection_instead_of_ending_the_body()
    {
        await using var pair = await ExpositionPair.StartAsync(meters =>
        {
            var many = meters[0].CreateCounter<long>("aaa.many");
            for (var i = 0; i < 2000; i++)
            {
                many.Add(1, new KeyValuePair<string, object?>("series", i));
            }

            meters[0].CreateCounter<long>("zzz.broken").Add(1, new KeyValuePair<string, object?>("tag", new Unprintable()));
        });

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => pair.SendAsync("/mine"));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => pair.SendAsync("/mine", acceptEncoding: "gzip")); // the lock was released
    }

    [Fact]
    public async Task A_scraper_that_goes_away_mid_body_leaves_nothing_behind_and_the_next_scrape_is_whole()
    {
        var unobserved = 0;
        EventHandler<UnobservedTaskExceptionEventArgs> count = (_, _) => Interlocked.Increment(ref unobserved);
        TaskScheduler.UnobservedTaskException += count;
        try
        {
            await using var pair = await ExpositionPair.StartAsync(meters =>
            {
                var many = meters[0].CreateCounter<long>("many", null, null);
                for (var i = 0; i < 2000; i++)
                {
                    many.Add(1, new KeyValuePair<string, object?>("a.rather.long.label.name.to.make.the.body.large", $"value-{i}-{new string('x', 200)}"));
                }
            });

            for (var attempt = 0; attempt < 5; attempt++)
            {
                using var response = await pair.Client.GetAsync("/mine", HttpCompletionOption.ResponseHeadersRead);
                await using var body = await response.Content.ReadAsStreamAsync();
                var start = new byte[100];
                await body.ReadExactlyAsync(start);
            }

            var whole = await pair.SendAsync("/mine");
            ExpositionOracleTests.AssertSameAnswer(await pair.SendAsync("/oracle"), whole);
        }
        finally
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            TaskScheduler.UnobservedTaskException -= count;
        }

        Assert.Equal(0, unobserved);
    }

    [Fact]
    public async Task A_scrape_whose_timeout_passes_while_another_holds_the_lock_is_answered_408_and_waits_no_longer()
    {
        await using var pair = await ExpositionPair.StartAsync(meters => meters[0].CreateCounter<long>("c").Add(1));
        await pair.Collector.EnterAsync(CancellationToken.None);
        ExpositionPair.Answer waiting;
        try
        {
            waiting = await pair.SendAsync("/mine", scrapeTimeoutSeconds: "0.2");
        }
        finally
        {
            pair.Collector.Exit();
        }

        Assert.Equal(408, waiting.Status);
        Assert.Equal(200, (await pair.SendAsync("/mine", scrapeTimeoutSeconds: "0.2")).Status);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(60_000, 1)]
    public async Task Within_the_response_cache_window_a_scrape_writes_the_previous_collection(int cacheMilliseconds, int expectedSecond)
    {
        Counter<long>? counter = null;
        await using var pair = await ExpositionPair.StartAsync(meters => (counter = meters[0].CreateCounter<long>("cached")).Add(1), responseCacheMilliseconds: cacheMilliseconds);

        var first = await pair.SendAsync("/mine");
        counter!.Add(1);
        var second = await pair.SendAsync("/mine");

        Assert.Contains("cached_total{} 1\n", first.Text, StringComparison.Ordinal);
        Assert.Contains($"cached_total{{}} {expectedSecond}\n", second.Text, StringComparison.Ordinal);
        if (cacheMilliseconds > 0)
        {
            Assert.Equal(first.LastModified, second.LastModified); // the time of the one collection both wrote
        }
    }

    private sealed class Unprintable
    {
        public override string ToString() => throw new InvalidOperationException("cannot be printed");
    }
}
