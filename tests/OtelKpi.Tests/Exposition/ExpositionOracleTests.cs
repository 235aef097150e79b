using System.Diagnostics.Metrics;
using System.IO.Compression;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace OtelKpi.Tests.Exposition;

/// <summary>
/// OtelKpi's streaming writer against OpenTelemetry's Prometheus exporter on the same points: the bodies must be the
/// same bytes, for every instrument kind, unit, name and label value the translation has a rule for.
/// </summary>
public class ExpositionOracleTests
{
    private static readonly string LongValue = new('v', 100_000);

    [Fact]
    public async Task Every_instrument_kind_unit_and_label_is_written_byte_for_byte_as_the_exporter_writes_it()
    {
        await using var pair = await ExpositionPair.StartAsync(RecordEverything, Views, ResourceWithOddAttributes);

        var oracle = await pair.SendAsync("/oracle");
        var mine = await pair.SendAsync("/mine");

        Assert.Equal(200, oracle.Status);
        Assert.True(oracle.Body.Length > 200_000, $"the body is {oracle.Body.Length} bytes: it must span many flushes");
        AssertSameAnswer(oracle, mine);
        if (Environment.GetEnvironmentVariable("OTELKPI_DUMP_EXPOSITION") is { Length: > 0 } dump)
        {
            await File.WriteAllBytesAsync(dump, mine.Body);
        }

        Assert.Contains("otel_metric_overflow=\"true\"", mine.Text, StringComparison.Ordinal);
        Assert.Contains("# TYPE target_info gauge", mine.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("otel_scope_", mine.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("clash", mine.Text, StringComparison.Ordinal); // a name with two types is left out
        Assert.DoesNotContain("test_exponential", mine.Text, StringComparison.Ordinal);

        // The same points written again, as a second scrape would: nothing of the first is left over.
        AssertSameAnswer(await pair.SendAsync("/oracle"), await pair.SendAsync("/mine"));
    }

    [Fact]
    public async Task Compressed_and_HEAD_answers_are_those_of_the_exporter()
    {
        await using var pair = await ExpositionPair.StartAsync(RecordEverything, Views, ResourceWithOddAttributes);

        var oracle = await pair.SendAsync("/oracle", acceptEncoding: "gzip");
        var mine = await pair.SendAsync("/mine", acceptEncoding: "gzip");
        Assert.Equal("gzip", mine.Headers["Content-Encoding"]);
        Assert.Equal(oracle.Headers, mine.Headers);
        Assert.Equal(Gunzip(oracle.Body), Gunzip(mine.Body));

        var oracleHead = await pair.SendAsync("/oracle", HttpMethod.Head);
        var mineHead = await pair.SendAsync("/mine", HttpMethod.Head);
        Assert.Equal(200, mineHead.Status);
        Assert.Equal(oracleHead.Headers, mineHead.Headers);
        Assert.Empty(mineHead.Body);
    }

    [Fact]
    public async Task A_collection_outlasting_the_scrape_timeout_header_is_answered_408()
    {
        await using var pair = await ExpositionPair.StartAsync(meters => meters[0].CreateObservableGauge("slow", () =>
        {
            Thread.Sleep(100);
            return 1.0;
        }));

        // The exporter answers this 408 or 200 depending on a race between its collection and its deadline timer
        // (both seen here); OtelKpi always answers 408, which is what the exporter means to do.
        var mine = await pair.SendAsync("/mine", scrapeTimeoutSeconds: "0.01");

        Assert.Equal(408, mine.Status);
        Assert.Empty(mine.Body);
        AssertSameAnswer(await pair.SendAsync("/oracle", scrapeTimeoutSeconds: "10"), await pair.SendAsync("/mine", scrapeTimeoutSeconds: "10"));
    }

    [Fact]
    public async Task An_empty_resource_and_no_points_answer_200_without_a_body_as_the_exporter_does()
    {
        await using var pair = await ExpositionPair.StartAsync(_ => { }, resource: r => r.Clear());

        AssertSameAnswer(await pair.SendAsync("/oracle"), await pair.SendAsync("/mine"));
    }

    internal static void AssertSameAnswer(ExpositionPair.Answer oracle, ExpositionPair.Answer mine)
    {
        Assert.Equal(oracle.Status, mine.Status);
        Assert.Equal(oracle.Headers, mine.Headers);
        Assert.Equal(oracle.LastModified.HasValue, mine.LastModified.HasValue);
        if (!oracle.Body.AsSpan().SequenceEqual(mine.Body))
        {
            var oracleLines = oracle.Text.Split('\n');
            var mineLines = mine.Text.Split('\n');
            var first = Enumerable.Range(0, Math.Min(oracleLines.Length, mineLines.Length)).FirstOrDefault(i => oracleLines[i] != mineLines[i], -1);
            Assert.Fail(first < 0
                ? $"The bodies differ in length: {oracle.Body.Length} and {mine.Body.Length} bytes, {oracleLines.Length} and {mineLines.Length} lines"
                : $"Line {first + 1} differs:\nexporter: {Cut(oracleLines[first])}\nOtelKpi:  {Cut(mineLines[first])}");
        }
    }

    private static string Cut(string line) => line.Length > 400 ? line[..400] + "…" : line;

    private static byte[] Gunzip(byte[] body)
    {
        using var input = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static void ResourceWithOddAttributes(ResourceBuilder resource) => resource.AddAttributes(new Dictionary<string, object>
    {
        ["deployment.environment"] = "prod \"eu\"\nline\\two",
        ["k8s.pod-name"] = "pod-1",
        ["x.y"] = "dotted",
        ["x_y"] = "underscored",
        ["1numeric"] = "leading digit",
        ["weird key!"] = "héllo ✓ 😀",
        ["count"] = 42L,
        ["ratio"] = 0.25,
        ["enabled"] = true,
        ["empty"] = string.Empty,
    });

    private static void Views(MeterProviderBuilder metrics) => metrics
        .AddView("test.custom.buckets", new ExplicitBucketHistogramConfiguration { Boundaries = [-5, 0, 0.001, 0.005, 0.1, 1, 2.5, 1e6, 1e21] })
        .AddView("test.no.buckets", new ExplicitBucketHistogramConfiguration { Boundaries = [] })
        .AddView("test.exponential", new Base2ExponentialBucketHistogramConfiguration())
        .AddView("test.overflowing", new MetricStreamConfiguration { CardinalityLimit = 4 });

    private static void RecordEverything(Meter[] meters)
    {
        var first = meters[0];
        var second = meters[1];

        var requests = first.CreateCounter<long>("test.requests", "{request}", "Requests \\ with \"quotes\"\nand a newline, ünïcode ✓");
        requests.Add(3, new("http.route", "/a\"b"), new("status", "back\\slash"), new("line", "line\nfeed"));
        requests.Add(1, new("http.route", "héllo ✓ 😀 \ud800x"), new("empty", string.Empty), new("null", null));
        requests.Add(2, new("1st", "digit"), new("a-b", "dash"), new(string.Empty, "empty key"), new("a__b", "doubled"));
        requests.Add(5, new("a.b", "dotted"), new("a_b", "underscored"), new("a-b", "dashed"));
        requests.Add(7, new("flag", true), new("int", 42), new("long", -7L), new("byte", (byte)8), new("ulong", ulong.MaxValue), new("decimal", 1.50m));
        requests.Add(9, new("double", 1.5), new("big", 1e21), new("small", 1e-7), new("round", 100000.0), new("million", 1e6), new("float", 0.1f));
        requests.Add(4, new("nan", double.NaN), new("inf", double.PositiveInfinity), new("neginf", double.NegativeInfinity), new("negzero", -0.0));
        requests.Add(6, new("other", new Uri("http://example.com/x")), new("guid", Guid.Empty), new("long.value", LongValue));
        for (var i = 0; i < 2500; i++)
        {
            requests.Add(i, new("series", i), new("http.request.method", i % 2 == 0 ? "GET" : "POST"));
        }

        first.CreateCounter<double>("test.busy_seconds", "s").Add(1.25);
        first.CreateCounter<double>("db.bytes_total", "By", "already ends with its unit and _total").Add(1e15);
        first.CreateCounter<long>("test.plain").Add(1);
        first.CreateCounter<long>("test.done_total").Add(2);
        first.CreateCounter<double>("1leading.digit-name!!x", "ms").Add(0.1);
        first.CreateCounter<double>("test.rate", "By/s").Add(3);
        first.CreateCounter<double>("test.annotated.rate", "{packet}/s").Add(4);
        first.CreateCounter<long>("test.ratio", "1").Add(5);
        first.CreateCounter<long>("test.percent", "%").Add(6);
        first.CreateCounter<long>("test.annotation.only", "{thing}{other}").Add(7);
        first.CreateCounter<long>("test.weird.unit", "m/").Add(8);

        var queue = first.CreateUpDownCounter<long>("test.queue.size", "By", "An UpDownCounter is a gauge");
        queue.Add(10);
        queue.Add(-25, new KeyValuePair<string, object?>("queue", "b"));
        first.CreateUpDownCounter<double>("test.level", "{item}").Add(-0.5);

        first.CreateObservableGauge("test.special.values", () => new[]
        {
            new Measurement<double>(double.NaN, new KeyValuePair<string, object?>("v", "nan")),
            new Measurement<double>(double.PositiveInfinity, new KeyValuePair<string, object?>("v", "+inf")),
            new Measurement<double>(double.NegativeInfinity, new KeyValuePair<string, object?>("v", "-inf")),
            new Measurement<double>(1.7976931348623157e308, new KeyValuePair<string, object?>("v", "max")),
            new Measurement<double>(5e-324, new KeyValuePair<string, object?>("v", "epsilon")),
            new Measurement<double>(-0.0, new KeyValuePair<string, object?>("v", "negzero")),
            new Measurement<double>(123456789.123, new KeyValuePair<string, object?>("v", "mixed")),
            new Measurement<double>(0.1, new KeyValuePair<string, object?>("v", "tenth")),
            new Measurement<double>(1e-5, new KeyValuePair<string, object?>("v", "tiny")),
            new Measurement<double>(12345678901234567890.0, new KeyValuePair<string, object?>("v", "wide")),
        }, "1", "Special values");
        first.CreateObservableGauge("test.long.gauge", () => new[] { new Measurement<long>(long.MaxValue), new Measurement<long>(long.MinValue, new KeyValuePair<string, object?>("min", "yes")) }, "By");
        first.CreateObservableCounter("test.observed", () => 12L, "ms", "Observed counter");
        first.CreateObservableCounter("test.observed.double", () => 2.5, "KiBy");
        first.CreateObservableUpDownCounter("test.observed.updown", () => -3L, "{connection}");

        var duration = first.CreateHistogram<double>("test.duration", "s", "Default buckets");
        duration.Record(0.003, new KeyValuePair<string, object?>("route", "/x"));
        duration.Record(7.5, new KeyValuePair<string, object?>("route", "/x"));
        duration.Record(1e9, new KeyValuePair<string, object?>("route", "/y"), new KeyValuePair<string, object?>("le", "reserved"));
        first.CreateHistogram<long>("test.size", "By").Record(1024);
        var custom = first.CreateHistogram<double>("test.custom.buckets", "ms");
        custom.Record(-10);
        custom.Record(0.002, new KeyValuePair<string, object?>("weird \"tag\"", "va\\lue"));
        custom.Record(double.PositiveInfinity);
        first.CreateHistogram<double>("test.no.buckets").Record(3);
        first.CreateHistogram<double>("test.exponential", "s").Record(2);
        first.CreateHistogram<double>("test.advised", "s", null, null, new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1] }).Record(0.7);

        var overflowing = first.CreateCounter<long>("test.overflowing");
        for (var i = 0; i < 10; i++)
        {
            overflowing.Add(1, new KeyValuePair<string, object?>("id", i));
        }

        // Same name from two meters: same type shares one TYPE/HELP (HELP from the first description), a different
        // type is left out by both.
        first.CreateCounter<long>("shared.name", null, null).Add(1);
        second.CreateCounter<long>("shared.name", null, "described in the second meter").Add(2);
        first.CreateCounter<long>("conflict.name").Add(1);
        second.CreateUpDownCounter<long>("conflict.name").Add(1);
        first.CreateCounter<long>("clash").Add(1);
        second.CreateUpDownCounter<long>("clash_total").Add(1);
        second.CreateCounter<long>("zz.last", "s", string.Empty).Add(1);
    }
}
