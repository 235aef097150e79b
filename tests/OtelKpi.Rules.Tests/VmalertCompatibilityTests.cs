using System.Globalization;
using System.Text;
using OtelKpi.Rules.Tests.Support;
using OtelKpi.Testing;

namespace OtelKpi.Rules.Tests;

/// <summary>
/// The shipped rules on VictoriaMetrics 1.79 and its vmalert, with external labels set as a real deployment sets
/// them (<c>cluster</c>, which vmalert writes onto every result, and one more): no rule fails to evaluate, and for
/// the input of rules/tests/portability.test.yml vmalert fires exactly the alerts promtool's Prometheus engine
/// fires there, at the same times.
/// </summary>
public sealed class VmalertCompatibilityTests
{
    private const string Scenario = "rules/tests/portability.test.yml";
    private static readonly string[] ExternalLabels = ["cluster=vm-test", "ruler=vmalert-0"];

    [Fact]
    public async Task Vmalert_replaying_the_portability_input_fires_what_Prometheus_fires_without_an_error()
    {
        var scenario = PromtoolTestFile.Load(Scenario);
        var group = Assert.Single(scenario.Tests);
        var step = OtelKpi.Testing.PromQl.PromDuration.Parse(scenario.EvaluationInterval!);
        var scrape = OtelKpi.Testing.PromQl.PromDuration.Parse(group.Interval!);
        var length = group.InputSeries.Max(s => SeriesNotation.Expand(s.Values).Count) * scrape;
        // Whole hours in the past, so that both engines evaluate at the same multiples of the interval.
        var start = DateTimeOffset.FromUnixTimeSeconds((DateTimeOffset.UtcNow.AddDays(-3).ToUnixTimeSeconds() / 3600) * 3600);
        var directory = Directory.CreateTempSubdirectory("otelkpi-vmalert-").FullName;
        try
        {
            await using var storage = await VictoriaMetricsServer.StartAsync();
            await storage.ImportAsync(Exposition(group, scrape, start, DateTimeOffset.MaxValue));
            var levels = RuleLevels.WriteFiles(RuleSet.Shipped, directory, withoutAnnotations: true);
            foreach (var file in levels)
            {
                var run = await VmalertProcess.ReplayAsync(storage, [file], start, start + length, step, ExternalLabels);
                Assert.True(run.ExitCode == 0 && !run.Output.Contains("\terror\t", StringComparison.Ordinal), $"vmalert failed on {Path.GetFileName(file)}:\n{string.Join('\n', run.Output.Split('\n').Where(l => l.Contains("\terror\t", StringComparison.Ordinal) || l.Contains("\tfatal\t", StringComparison.Ordinal)))}\n{run.Output[^Math.Min(run.Output.Length, 2000)..]}");
                await storage.FlushAsync();
            }

            foreach (var check in group.PromqlExprTest)
            {
                var at = start + OtelKpi.Testing.PromQl.PromDuration.Parse(check.EvalTime);
                var fired = await storage.QueryAsync("count_over_time(ALERTS{alertstate=\"firing\"}[30s])", at);
                Assert.All(fired.Series, s =>
                {
                    Assert.Equal("vm-test", s.Label("cluster"));
                    Assert.Equal("vmalert-0", s.Label("ruler"));
                });
                var expected = check.ExpSamples.Select(s => Canonical(SeriesNotation.Describe(s.Labels).Labels)).Order().ToList();
                var actual = fired.Series.Select(s => Canonical(s.Labels.Where(l => l.Key is not ("cluster" or "ruler" or "alertgroup")).ToDictionary())).Order().ToList();
                Assert.True(expected.SequenceEqual(actual), $"At {check.EvalTime}, Prometheus fires:\n{string.Join('\n', expected)}\nvmalert fires:\n{string.Join('\n', actual)}");
            }

            Assert.Equal(
                Alerts.Names.Order(),
                group.PromqlExprTest.SelectMany(c => c.ExpSamples).Select(s => SeriesNotation.Describe(s.Labels).Labels["alertname"]).Distinct().Order());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Vmalert_evaluating_live_reports_no_rule_error_where_it_reports_the_mix_of_raw_and_recorded_series()
    {
        var group = Assert.Single(PromtoolTestFile.Load(Scenario).Tests);
        var scrape = OtelKpi.Testing.PromQl.PromDuration.Parse(group.Interval!);
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60);
        using var rules = RenderedRules.Write();
        foreach (var file in rules.Files)
        {
            // Each group every 3 seconds: a live run cannot wait for a 2-minute group's first evaluation.
            File.WriteAllLines(file, File.ReadAllLines(file).Where(l => !l.StartsWith("    interval: ", StringComparison.Ordinal)));
        }

        // The rule the issue found failing 157 of 157 evaluations: raw and recorded series in one "or".
        var mixing = Path.Combine(rules.Directory, "mixing.yml");
        await File.WriteAllTextAsync(mixing, """
            groups:
              - name: mixing
                rules:
                  - record: job_route:http_server_requests:rate5m_mixed
                    expr: sum by (job, http_route) (rate(http_server_request_duration_seconds_count[5m]))
                  - record: job_route:http_server_errors:rate5m_mixed
                    expr: |
                      sum by (job, http_route) (rate(http_server_request_duration_seconds_count{http_response_status_code=~"5.."}[5m]))
                      or
                      0 * job_route:http_server_requests:rate5m_mixed
            """);

        await using var storage = await VictoriaMetricsServer.StartAsync();
        await using var notifier = await WebhookReceiver.StartAsync(); // vmalert refuses to run alerting rules without one
        // The input as if its 27h20m (a/shop failing, every other incident going on) were now.
        await storage.ImportAsync(Exposition(group, scrape, now - TimeSpan.FromMinutes((27 * 60) + 20), now));
        await using var shipped = await VmalertProcess.StartAsync(storage, notifier.Address, rules.Files, TimeSpan.FromSeconds(3), ExternalLabels);
        await using var control = await VmalertProcess.StartAsync(storage, notifier.Address, [mixing], TimeSpan.FromSeconds(3), ExternalLabels);
        var groups = RuleSet.Shipped.Files.SelectMany(f => f.Groups).Select(g => g.Name).ToList();
        var metrics = await EvaluatedAsync(shipped, groups);
        var controlMetrics = await EvaluatedAsync(control, ["mixing"]);

        var recording = metrics.Series("vmalert_recording_rules_error").ToList();
        var alerting = metrics.Series("vmalert_alerting_rules_error").ToList();
        Assert.Equal(RuleSet.Shipped.RecordingRules.Count(), recording.Count);
        Assert.Equal(RuleSet.Shipped.AlertingRules.Count(), alerting.Count);
        Assert.All(recording.Concat(alerting), s => Assert.True(s.Value == 0, $"{s.Label("recording") ?? s.Label("alertname")} failed:\n{shipped.Log}"));
        Assert.Equal(0, metrics.Single("vmalert_execution_errors_total").Value);
        Assert.True(metrics.Single("vmalert_execution_total").Value >= 4 * (recording.Count + alerting.Count));

        // The same check reports the mix the issue found: it can fail.
        Assert.Equal(1, controlMetrics.Series("vmalert_recording_rules_error").Single(s => s.Label("recording") == "job_route:http_server_errors:rate5m_mixed").Value);
        Assert.True(controlMetrics.Single("vmalert_execution_errors_total").Value > 0);
        Assert.Contains("same labelset after applying rule labels", control.Log, StringComparison.Ordinal);

        // And the shipped rules did evaluate, with vmalert's external labels: a/shop's error ratio. (A live vmalert
        // writes and reads at the same moment, so a rule several recording steps up may find its inputs not yet
        // searchable; the replay test reads every level complete.)
        // On a busy machine that takes a few evaluations: wait for it, up to a minute.
        const string Ratio = "last_over_time(job_route:http_server_errors:ratio_rate5m{namespace=\"a\",job=\"shop\"}[1m])";
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var ratio = await storage.QueryAsync(Ratio, DateTimeOffset.UtcNow);
        while (ratio.Series.Count == 0 && waited.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            ratio = await storage.QueryAsync(Ratio, DateTimeOffset.UtcNow);
        }

        var shop = Assert.Single(ratio.Series);
        Assert.Equal(("vm-test", "vmalert-0"), (shop.Label("cluster"), shop.Label("ruler")));
        Assert.Equal(0.2, shop.Value, 3);
    }

    private static async Task<PrometheusScrape> EvaluatedAsync(VmalertProcess vmalert, IReadOnlyList<string> groups)
    {
        PrometheusScrape metrics = null!;
        await vmalert.WaitUntilAsync(
            async () =>
            {
                metrics = await vmalert.MetricsAsync();
                var iterations = metrics.Series("vmalert_iteration_total").ToDictionary(s => s.Label("group")!, s => s.Value);
                // The iteration counter can be ahead of the executions of a group still running: five means four done.
                return groups.All(g => iterations.GetValueOrDefault(g) >= 5);
            },
            TimeSpan.FromSeconds(75),
            "four finished evaluations of every group");
        return metrics;
    }

    /// <summary>The input series as Prometheus text with timestamps, sample i at start + i scrape intervals, up to <paramref name="until"/>.</summary>
    private static string Exposition(PromtoolTestGroup group, TimeSpan scrape, DateTimeOffset start, DateTimeOffset until)
    {
        var text = new StringBuilder();
        foreach (var series in group.InputSeries)
        {
            var (name, labels) = SeriesNotation.Describe(series.Series);
            var selector = name + "{" + string.Join(',', labels.Select(l => $"{l.Key}=\"{l.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"")) + "}";
            var values = SeriesNotation.Expand(series.Values);
            for (var i = 0; i < values.Count; i++)
            {
                var time = start + (i * scrape);
                if (!double.IsNaN(values[i]) && time <= until)
                {
                    text.Append(selector).Append(' ').Append(values[i].ToString("R", CultureInfo.InvariantCulture)).Append(' ')
                        .Append(time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    private static string Canonical(IReadOnlyDictionary<string, string> labels) =>
        "{" + string.Join(", ", labels.Where(l => l.Key != "__name__").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";
}
