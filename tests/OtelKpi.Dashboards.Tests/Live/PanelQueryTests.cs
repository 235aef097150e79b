using System.Globalization;
using System.Text;
using OtelKpi.Dashboards.Tests.Lint;
using OtelKpi.KpiView.Dashboards;

namespace OtelKpi.Dashboards.Tests.Live;

/// <summary>
/// Every variable query and every panel query of every dashboard, with the variables substituted as Grafana
/// substitutes them, run through the Prometheus HTTP API against the sample's real scrapes: each returns data
/// (only the documented cAdvisor row may not, outside Kubernetes), and the values are the injected ones.
/// </summary>
[Collection(LiveStackTests.Name)]
public class PanelQueryTests(LiveStackFixture stack)
{
    private static readonly string[] SampleRoutes = ["/api/checkout", "/api/fail", "/api/products", "/api/products/{id:int}", "/api/reports/{name}"];

    public static TheoryData<string> Files => DashboardFiles.Names;

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Every_variable_query_returns_the_sample_job_instance_and_routes(string file)
    {
        var run = await DashboardRun.OpenAsync(file, stack.Prometheus, stack.BuiltIns);

        Assert.Equal([stack.Job], run.Variable("job").Options);
        Assert.Equal([stack.Sample.Target], run.Variable("instance").Options);
        if (file == "aspnetcore.json")
        {
            Assert.Equal(SampleRoutes, run.Variable("route").Options.Order(StringComparer.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Every_panel_query_returns_data_with_All_selected(string file)
    {
        var run = await DashboardRun.OpenAsync(file, stack.Prometheus, stack.BuiltIns);
        await this.AssertEveryPanelHasDataAsync(run);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Every_panel_query_returns_data_with_each_value_selected_explicitly(string file)
    {
        // Explicit values exercise the regex escaping of dots, braces and colons (127\\.0\\.0\\.1, \\{id:int\\}).
        var run = await DashboardRun.OpenAsync(file, stack.Prometheus, stack.BuiltIns, (_, options) => options);
        Assert.All(run.Variables, v => Assert.False(v.Selection.IsAll));
        await this.AssertEveryPanelHasDataAsync(run);
    }

    [Fact]
    public async Task Request_rate_is_the_rate_the_service_itself_counted()
    {
        // The reference is independent of Prometheus: the service's own counter, read directly at two moments,
        // and the panel's query evaluated over exactly that interval.
        var (before, since) = stack.RequestsAtFirstScrapes;
        var wait = since.AddSeconds(10) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var after = await stack.CountRequestsAsync();
        var now = DateTimeOffset.UtcNow;
        var milliseconds = (long)(now - since).TotalMilliseconds;
        var counted = (after - before) / (milliseconds / 1000.0);
        var builtIns = new Dictionary<string, string>(stack.BuiltIns) { ["__rate_interval"] = FormattableString.Invariant($"{milliseconds}ms") };
        var run = await DashboardRun.OpenAsync("service-kpi.json", stack.Prometheus, builtIns);
        var series = Assert.Single((await stack.Prometheus.QueryAsync(run.Query("Request Rate"), now)).Series);

        Assert.InRange(series.Value, counted * 0.95, counted * 1.05);
        // And the generator ran at about its configured rate (it sheds ticks when the machine is overloaded).
        Assert.InRange(counted, LiveStackFixture.Traffic.RequestsPerSecond * 0.6, LiveStackFixture.Traffic.RequestsPerSecond * 1.05);
    }

    [Fact]
    public async Task Error_rate_and_availability_are_the_injected_5xx_ratio()
    {
        var run = await this.OpenServiceKpiAsync();

        // Exactly one request in ten fails, evenly spread; the 1 % of 404s must not count.
        Assert.InRange(await this.ValueAsync(run.Query("Error Rate")), 0.095, 0.105);
        Assert.InRange(await this.ValueAsync(run.Query("Availability SLI")), 0.895, 0.905);
    }

    [Fact]
    public async Task P99_is_at_least_the_injected_slow_latency_and_the_latency_sli_is_the_complement_of_the_slow_ratio_the_alert_burns()
    {
        var run = await this.OpenServiceKpiAsync();

        // 5 % of requests take 0.6-1.2 s, so the 99th percentile is among them; interpolation puts it in (1, 2.5].
        Assert.InRange(await this.ValueAsync(run.Query("Latency P99")), 0.6, 2.5);
        Assert.InRange(await this.ValueAsync(run.Query("Latency SLI")), 0.92, 0.97);
        // The SLI is the complement of the very ratio LatencyP99ErrorBuildup burns, so it follows the job's T.
        Assert.Equal(1, await this.ValueAsync($"({run.Query("Latency SLI")}) + on (job) job:http_server_slow_requests:ratio_rate5m"), 12);
        Assert.InRange(await this.ValueAsync(run.Query("Latency Average")), 0.03, 0.2);
    }

    [Fact]
    public async Task Threshold_and_objective_lines_are_the_shipped_defaults_for_the_job()
    {
        var run = await this.OpenServiceKpiAsync();
        var lines = run.Dashboard.Panels.SelectMany(p => p.Targets.Where(t => t.IsReferenceLine && t.Expr.Contains("otelkpi:", StringComparison.Ordinal)).Select(t => (p.Title, t))).ToList();

        var drawn = new HashSet<string>();
        foreach (var (title, target) in lines)
        {
            var series = Assert.Single((await stack.Prometheus.QueryAsync(run.Expand(target.Expr))).Series);
            Assert.Equal(stack.Job, series.Label("job"));
            // The line draws the first series it names; a later one only selects jobs (P99: only with a 99 % objective).
            var name = AgreedNames.ReferenceSeries.Keys
                .Where(n => target.Expr.Contains(n + "{", StringComparison.Ordinal))
                .MinBy(n => target.Expr.IndexOf(n + "{", StringComparison.Ordinal))!;
            drawn.Add(name);
            Assert.True(Math.Abs(AgreedNames.ReferenceSeries[name] - series.Value) < 1e-9, $"'{title}': {name} is {series.Value}");
        }

        Assert.Equal(AgreedNames.ReferenceSeries.Keys.Order(StringComparer.Ordinal), drawn.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Per_route_error_ratio_is_zero_for_routes_without_errors_and_exact_for_the_others()
    {
        var run = await DashboardRun.OpenAsync("aspnetcore.json", stack.Prometheus, stack.BuiltIns);
        var ratio = (await stack.Prometheus.QueryAsync(run.Query("Error Ratio by Route"))).Series.ToDictionary(s => s.Label("http_route")!, s => s.Value);

        Assert.Equal(SampleRoutes, ratio.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, ratio["/api/products"]);
        Assert.Equal(0, ratio["/api/products/{id:int}"]);
        Assert.Equal(0, ratio["/api/reports/{name}"]);
        Assert.Equal(1, ratio["/api/fail"]);
        // Checkout: one request in ten succeeds and one in twenty is a forced 500.
        Assert.InRange(ratio["/api/checkout"], 0.30, 0.37);
    }

    [Fact]
    public async Task Status_codes_and_unhandled_exceptions_are_broken_down_by_their_labels()
    {
        var run = await DashboardRun.OpenAsync("aspnetcore.json", stack.Prometheus, stack.BuiltIns);
        var codes = (await stack.Prometheus.QueryAsync(run.Query("Status Codes"))).Series.Select(s => s.Label("http_response_status_code")).Order();
        var exceptions = Assert.Single((await stack.Prometheus.QueryAsync(run.Query("Unhandled Exceptions by Type"))).Series);
        var requests = (await stack.Prometheus.QueryAsync(run.Query("Request Rate by Route"))).Series.Sum(s => s.Value);

        Assert.Equal(["200", "404", "500"], codes);
        Assert.Equal("System.InvalidOperationException", exceptions.Label("error_type"));
        // Half of the 10 % errors are /api/fail throwing; the other half are handled 500s and must not count.
        Assert.InRange(exceptions.Value / requests, 0.045, 0.055);
    }

    [Fact]
    public async Task The_alert_annotation_query_runs_and_names_only_alerts_the_loaded_rules_define()
    {
        var run = await this.OpenServiceKpiAsync();
        var annotation = Assert.Single(run.Dashboard.Annotations);
        _ = await stack.Prometheus.QueryAsync(run.Expand(annotation.Expr));

        var rules = await stack.Prometheus.GetDataAsync("api/v1/rules?type=alert");
        var loaded = rules.GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray())
            .Select(r => r.GetProperty("name").GetString()!)
            .ToHashSet();
        Assert.All(AgreedNames.Alerts, name => Assert.Contains(name, loaded));
    }

    private async Task AssertEveryPanelHasDataAsync(DashboardRun run)
    {
        var end = DateTimeOffset.UtcNow;
        var failures = new StringBuilder();
        var checkedTargets = 0;
        foreach (var panel in run.Dashboard.Panels)
        {
            foreach (var target in panel.Targets)
            {
                var query = run.Expand(target.Expr);
                var instant = await stack.Prometheus.QueryAsync(query, end);
                var range = await stack.Prometheus.QueryRangeAsync(query, end.AddSeconds(-10), end, TimeSpan.FromSeconds(1));
                checkedTargets++;
                var expectEmpty = ClusterAlternative.IsRow(panel.RowTitle); // no cAdvisor or kube-state-metrics here
                if (instant.IsEmpty != expectEmpty || range.IsEmpty != expectEmpty)
                {
                    failures.AppendLine(CultureInfo.InvariantCulture, $"'{panel.Title}' {target.RefId}: {(expectEmpty ? "data where none can exist" : "No data")}\n{query}");
                }

                if (instant.Series.Any(s => double.IsNaN(s.Value)))
                {
                    failures.AppendLine(CultureInfo.InvariantCulture, $"'{panel.Title}' {target.RefId}: NaN\n{query}");
                }
            }
        }

        Assert.Equal(run.Dashboard.Panels.Sum(p => p.Targets.Count), checkedTargets);
        Assert.True(failures.Length == 0, failures + stack.Logs());
    }

    private Task<DashboardRun> OpenServiceKpiAsync() => DashboardRun.OpenAsync("service-kpi.json", stack.Prometheus, stack.BuiltIns);

    private async Task<double> ValueAsync(string query)
    {
        var result = await stack.Prometheus.QueryAsync(query);
        var series = Assert.Single(result.Series);
        Assert.Equal(stack.Job, series.Label("job"));
        return series.Value;
    }
}
