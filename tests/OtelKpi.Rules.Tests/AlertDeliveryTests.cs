using OtelKpi.Rules.Tests.Support;
using OtelKpi.Testing;

namespace OtelKpi.Rules.Tests;

/// <summary>
/// End to end: a real Prometheus 2.42 evaluating the shipped rules, the shipped Alertmanager configuration in a
/// real Alertmanager 0.25, and a webhook receiver standing in for the paging and ticketing systems. The rules
/// are the shipped ones with every <c>for:</c> divided by 60 (<see cref="RenderedRules"/>), so that a minute of
/// pending takes a second; windows, thresholds and guards are untouched. Alertmanager waits 5s before a group's
/// first notification and 2s between notifications instead of 30s and 5m.
/// </summary>
public sealed class AlertDeliveryTests
{
    private const string Histogram = "http_server_request_duration_seconds";
    private const string Ok = Histogram + "_count{http_request_method=\"POST\",http_route=\"/api/checkout\",http_response_status_code=\"200\"}";
    private const string Failed = Histogram + "_count{error_type=\"500\",http_request_method=\"POST\",http_route=\"/api/checkout\",http_response_status_code=\"500\"}";
    private const string Fast = Histogram + "_bucket{http_request_method=\"POST\",http_route=\"/api/checkout\",le=\"0.5\"}";
    private const string All = Histogram + "_bucket{http_request_method=\"POST\",http_route=\"/api/checkout\",le=\"+Inf\"}";
    private const string Seconds = Histogram + "_sum{http_request_method=\"POST\",http_route=\"/api/checkout\"}";

    [Fact]
    public async Task One_incident_pages_once_with_job_namespace_summary_and_runbook_and_then_resolves()
    {
        using var rules = RenderedRules.Write(forScale: 1.0 / 60);
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var alertmanager = await AlertmanagerServer.StartAsync(
            ShippedAlertmanagerConfig.Derive(receiver.Url("page"), receiver.Url("ticket"), groupWait: "5s", groupInterval: "2s"));
        await using var failing = await ExpositionTarget.StartAsync();
        await using var healthy = await ExpositionTarget.StartAsync();
        Serve(failing, requestsPerSecond: 1000, failedPerSecond: 0);
        Serve(healthy, requestsPerSecond: 1000, failedPerSecond: 0);
        await using var prometheus = await PrometheusServer.StartAsync(
            $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files:
              - {rules.Directory}/*.yml
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ['{alertmanager.Target}']
            scrape_configs:
              - job_name: checkout
                static_configs:
                  - targets: ['{failing.Target}']
                    labels:
                      namespace: shop-a
                  - targets: ['{healthy.Target}']
                    labels:
                      namespace: shop-b
            """);
        await prometheus.WaitUntilAsync(
            async () => (await prometheus.QueryAsync("job:http_server_requests:increase1h > 0")).Series.Count == 2,
            TimeSpan.FromSeconds(60),
            "the request counts of both namespaces");

        // The incident: a fifth of the checkouts in shop-a fail. ErrorRatioBreach's condition holds first, but it
        // waits 5s (for: 5m) and its ticket waits the group's 5s, by which time ErrorBuildup's page tier (2s, once
        // its guard has counted 10 failed requests) fires and inhibits it. Then the page is sent, once.
        Serve(failing, requestsPerSecond: 1000, failedPerSecond: 200);
        await receiver.WaitUntilAsync(n => n.Any(x => x.Path == "/page"), TimeSpan.FromSeconds(60), "the page");
        await alertmanager.WaitUntilAsync(
            async () => (await alertmanager.GetAlertsAsync()).Any(a => a.Label("alertname") == "ErrorRatioBreach" && a.State == "suppressed"),
            TimeSpan.FromSeconds(30),
            "ErrorRatioBreach, inhibited by ErrorBuildup's page");

        // Over, before the 6h tier's 15s could pass: the failures stop and a burst of successful requests dilutes
        // the windows, as the next minutes of clean traffic would.
        Serve(failing, requestsPerSecond: 1000, failedPerSecond: 0);
        foreach (var series in new[] { Ok, Fast, All })
        {
            failing.Add(series, 1_000_000);
        }

        var notifications = await receiver.WaitUntilAsync(
            n => n.Any(x => x.Path == "/page" && x.Status == "resolved"), TimeSpan.FromSeconds(60), "the page to resolve");
        await Task.Delay(TimeSpan.FromSeconds(4)); // two group intervals: anything else Alertmanager would send arrives
        notifications = receiver.Notifications;

        var received = string.Join('\n', notifications.Select(n => $"{n.Path} {n.Status} {n.GroupKey}: {string.Join("; ", n.Alerts.Select(a => a.GetProperty("labels").ToString()))}"));
        Assert.True(notifications.All(n => n.Path == "/page"), received);
        Assert.True(notifications.Select(n => n.Status).SequenceEqual(["firing", "resolved"]), received);
        Assert.All(notifications, n => Assert.Equal(ShippedAlertmanagerConfig.PageReceiver, n.Receiver));
        Assert.Equal(notifications[0].GroupKey, notifications[1].GroupKey);
        var alert = Assert.Single(notifications[0].Alerts);
        var labels = alert.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        var annotations = alert.GetProperty("annotations").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["alertname"] = "ErrorBuildup",
                ["job"] = "checkout",
                ["namespace"] = "shop-a",
                ["severity"] = "critical",
                ["long_window"] = "1h",
                ["short_window"] = "5m",
            },
            labels);
        Assert.Equal("A service is spending its availability error budget too fast.", annotations["summary"]);
        Assert.Equal(Alerts.RunbookBase + "ErrorBuildup.md", annotations["runbook_url"]);
        Assert.StartsWith("checkout is spending its 30-day availability error budget ", annotations["description"], StringComparison.Ordinal);
        Assert.Contains("(99.9% of requests without a 5xx)", annotations["description"], StringComparison.Ordinal);
        Assert.Equal("resolved", Assert.Single(notifications[1].Alerts).GetProperty("status").GetString());
    }

    // requestsPerSecond requests, all faster than 0.5 s (20 ms each); failedPerSecond of them answered with a 500.
    private static void Serve(ExpositionTarget target, double requestsPerSecond, double failedPerSecond)
    {
        target.SetRate(Histogram, "histogram", Ok, requestsPerSecond - failedPerSecond);
        target.SetRate(Histogram, "histogram", Failed, failedPerSecond);
        target.SetRate(Histogram, "histogram", Fast, requestsPerSecond);
        target.SetRate(Histogram, "histogram", All, requestsPerSecond);
        target.SetRate(Histogram, "histogram", Seconds, requestsPerSecond * 0.02);
    }
}
