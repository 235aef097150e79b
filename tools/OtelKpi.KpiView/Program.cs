using System.Runtime.InteropServices;
using OtelKpi.KpiView;
using OtelKpi.KpiView.Dashboards;
using OtelKpi.KpiView.Notifications;
using OtelKpi.KpiView.Picture;
using OtelKpi.KpiView.Prometheus;
using OtelKpi.KpiView.View;

// The live terminal view of a dashboard (computed by the dashboard's own panel queries), its picture, or the
// demo's webhook receiver for Alertmanager.
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

// Ctrl-C, kill and a closed terminal all stop the view the same way: the loop ends, the picture is drawn.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => { c.Cancel = true; stop.Cancel(); });

if (options.Receive is not null)
{
    await AlertReceiver.RunAsync(options.Receive, options.Notifications!, stop.Token);
    return 0;
}

var dashboardPath = options.Dashboard ?? RepositoryDashboard("service-kpi.json");
if (dashboardPath is null || !File.Exists(dashboardPath))
{
    await Console.Error.WriteLineAsync($"Dashboard not found: {dashboardPath ?? "dashboards/service-kpi.json"}; give --dashboard.");
    return 2;
}

using var http = new HttpClient { BaseAddress = options.Prometheus, Timeout = TimeSpan.FromSeconds(20) };
var view = new LiveView(options, Dashboard.Load(dashboardPath), dashboardPath, new PrometheusApi(http), new PrometheusLabels(http));
if (options.Picture is not null && !options.WatchPicture)
{
    return await view.WritePictureAsync(CancellationToken.None) ? 0 : 1;
}

await view.RunAsync(stop.Token);
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
