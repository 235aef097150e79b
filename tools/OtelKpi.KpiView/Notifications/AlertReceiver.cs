using System.Net;
using System.Text;

namespace OtelKpi.KpiView.Notifications;

/// <summary>
/// A local webhook receiver for Alertmanager (the demo's stand-in for a pager and a ticket system): every POST
/// is one notification, printed as a line and appended to the notification log the view shows.
/// </summary>
internal static class AlertReceiver
{
    /// <summary>Serves <paramref name="prefix"/> (such as http://127.0.0.1:9095/) until <paramref name="stop"/>.</summary>
    public static async Task RunAsync(string prefix, string log, CancellationToken stop)
    {
        using var listener = new HttpListener();
        listener.Prefixes.Add(prefix);
        listener.Start();
        await Console.Out.WriteLineAsync($"Receiving Alertmanager notifications on {prefix}, logging them to {log}").ConfigureAwait(false);
        using var registration = stop.Register(listener.Stop);
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                break; // stopped
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(stop).ConfigureAwait(false);
            try
            {
                var notification = Notification.FromWebhook(body, DateTimeOffset.UtcNow);
                await File.AppendAllTextAsync(log, notification.ToJsonLine() + "\n", stop).ConfigureAwait(false);
                await Console.Out.WriteLineAsync(notification.ToString()).ConfigureAwait(false);
                context.Response.StatusCode = 200;
            }
            catch (System.Text.Json.JsonException e)
            {
                await Console.Error.WriteLineAsync($"Not an Alertmanager webhook ({e.Message}): {body}").ConfigureAwait(false);
                context.Response.StatusCode = 400;
            }

            context.Response.Close();
        }
    }
}
