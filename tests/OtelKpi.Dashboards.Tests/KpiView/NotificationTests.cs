using OtelKpi.KpiView.Notifications;

namespace OtelKpi.Dashboards.Tests.KpiView;

/// <summary>The receiver reads Alertmanager's webhook payload (version 4) and keeps one JSON line per notification.</summary>
public class NotificationTests
{
    private const string Webhook = """
        {"receiver":"otelkpi-page","status":"firing","alerts":[
          {"status":"firing","labels":{"alertname":"ErrorBuildup","job":"otelkpi-sample","severity":"critical","long_window":"1h"},
           "annotations":{"summary":"s"},"startsAt":"2026-12-01T21:03:10Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"a1"},
          {"status":"resolved","labels":{"alertname":"ErrorBuildup","job":"otelkpi-sample","severity":"critical","long_window":"6h"},
           "annotations":{},"startsAt":"2026-12-01T21:03:10Z","endsAt":"2026-12-01T21:07:40Z","fingerprint":"a2"}],
         "groupLabels":{"alertname":"ErrorBuildup","job":"otelkpi-sample"},"commonLabels":{"alertname":"ErrorBuildup"},
         "commonAnnotations":{},"externalURL":"http://127.0.0.1:9093","version":"4","groupKey":"{}:{alertname=\"ErrorBuildup\"}","truncatedAlerts":0}
        """;

    [Fact]
    public void A_webhook_becomes_one_line_with_the_receiver_status_and_each_alert()
    {
        var at = new DateTimeOffset(2026, 12, 1, 21, 3, 40, TimeSpan.Zero);
        var notification = Notification.FromWebhook(Webhook, at);

        Assert.Equal("otelkpi-page", notification.Receiver);
        Assert.Equal("firing", notification.Status);
        Assert.Equal(["ErrorBuildup (otelkpi-sample) firing", "ErrorBuildup (otelkpi-sample) resolved"], notification.Alerts);
        Assert.Equal("21:03:40  otelkpi-page FIRING   ErrorBuildup (otelkpi-sample) firing, ErrorBuildup (otelkpi-sample) resolved", notification.ToString());
        Assert.Equal(notification.ToString(), Notification.FromJsonLine(notification.ToJsonLine()).ToString());
    }

    [Fact]
    public void The_log_is_read_from_its_end_and_is_empty_before_the_first_notification()
    {
        var path = Path.GetTempFileName();
        try
        {
            Assert.Empty(Notification.ReadLast(path + ".missing", 3));
            var lines = Enumerable.Range(0, 5).Select(i => Notification.FromWebhook(Webhook, DateTimeOffset.UnixEpoch.AddMinutes(i)).ToJsonLine());
            File.WriteAllText(path, string.Join('\n', lines) + "\n");

            Assert.Equal([2, 3, 4], Notification.ReadLast(path, 3).Select(n => n.At.Minute));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
