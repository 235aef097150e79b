using OtelKpi.KpiView;
using OtelKpi.KpiView.Dashboards;
using OtelKpi.KpiView.Prometheus;
using OtelKpi.KpiView.View;

// Prints the Service KPIs every few seconds, computed by the dashboard's own panel queries.
KpiViewOptions options;
try
{
    options = KpiViewOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message + Environment.NewLine + KpiViewOptions.Usage);
    return 2;
}

var dashboardPath = options.Dashboard ?? RepositoryDashboard("service-kpi.json");
if (dashboardPath is null || !File.Exists(dashboardPath))
{
    await Console.Error.WriteLineAsync($"Dashboard not found: {dashboardPath ?? "dashboards/service-kpi.json"}; give --dashboard.");
    return 2;
}

var dashboard = Dashboard.Load(dashboardPath);
var builtIns = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["__rate_interval"] = options.RateInterval,
    ["__interval"] = options.RateInterval,
    ["__range"] = options.RateInterval,
};

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

using var http = new HttpClient { BaseAddress = options.Prometheus, Timeout = TimeSpan.FromSeconds(10) };
var labels = new PrometheusLabels(http);
var prometheus = new PrometheusApi(http);
var interactive = !Console.IsOutputRedirected;
try
{
    while (!stop.IsCancellationRequested)
    {
        string frame;
        try
        {
            var variables = await VariableResolver.ResolveAsync(
                dashboard,
                (label, match) => labels.ValuesAsync(label, match, stop.Token),
                (name, _) => options.Variables.TryGetValue(name, out var chosen) ? chosen : null,
                builtIns);
            var snapshot = await new KpiReader(prometheus, dashboard, VariableResolver.Selections(variables), builtIns).ReadAsync(stop.Token);
            frame = KpiScreen.Render(snapshot, dashboard.Title, options.Prometheus, options.RateInterval);
        }
        catch (PrometheusQueryException e)
        {
            frame = $"{dashboard.Title}: waiting for Prometheus at {options.Prometheus} ({e.Message})" + Environment.NewLine;
        }

        // Home and clear-screen on a terminal; plain successive frames when redirected.
        Console.Write(interactive ? "\u001b[H\u001b[2J" + frame + "Ctrl-C to stop." + Environment.NewLine : frame + Environment.NewLine);
        if (options.Once)
        {
            break;
        }

        await Task.Delay(options.Refresh, stop.Token);
    }
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    // Ctrl-C
}

return 0;

static string? RepositoryDashboard(string name)
{
    for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
    {
        var candidate = Path.Combine(directory.FullName, "dashboards", name);
        if (File.Exists(candidate))
        {
            return candidate;
        }
    }

    return null;
}
