using OtelKpi.Rules.Tests.Support;
using OtelKpi.Testing;

namespace OtelKpi.Rules.Tests;

/// <summary>
/// The shipped inhibitions in a real Alertmanager 0.25: a page suppresses the alerts it makes redundant for the
/// same service only, where the same job name runs in two namespaces and the same namespace runs two jobs.
/// (kube-prometheus' default inhibition, equal on namespace and alertname, lets one service's page silence
/// another's.)
/// </summary>
public sealed class AlertmanagerInhibitionTests
{
    [Fact]
    public async Task A_page_suppresses_the_redundant_alerts_of_its_own_service_only()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var alertmanager = await AlertmanagerServer.StartAsync(ShippedAlertmanagerConfig.Derive(receiver.Url("page"), receiver.Url("ticket")));
        var alerts = new (string Name, string Severity, string Namespace, string Job, bool Suppressed)[]
        {
            ("ErrorBuildup", "critical", "a", "shop", false),
            ("ErrorRatioBreach", "critical", "a", "shop", true),        // the same incident, paged once
            ("ErrorBuildup", "warning", "a", "shop", true),             // the ticket tier of the page
            ("ErrorRatioBreach", "critical", "b", "shop", false),       // the same job name in another namespace
            ("ErrorBuildup", "warning", "b", "shop", false),
            ("ErrorRatioBreach", "critical", "a", "cart", false),       // another job in the same namespace
            ("LatencyP99ErrorBuildup", "critical", "a", "shop", false),
            ("LatencyP99ErrorBuildup", "warning", "a", "shop", true),
            ("LatencyAverageBreach", "warning", "a", "shop", true),
            ("LatencyAverageAnomaly", "warning", "a", "shop", true),
            ("LatencyAverageBreach", "warning", "b", "shop", false),
            ("ErrorBuildup", "warning", "a", "cart", false),            // ErrorBuildup's page is not cart's
            ("KpiSeriesAbsent", "critical", "c", "web", false),
            ("KpiTargetDown", "warning", "c", "web", true),
            ("KpiTargetDown", "warning", "c", "api", false),
        };

        await alertmanager.PostAlertsAsync(alerts.Select((a, i) => new AlertmanagerAlert(
            new Dictionary<string, string>
            {
                ["alertname"] = a.Name,
                ["severity"] = a.Severity,
                ["namespace"] = a.Namespace,
                ["job"] = a.Job,
                ["long_window"] = a.Severity == "critical" ? "1h" : "1d",
                ["case"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            new Dictionary<string, string> { ["summary"] = "test" },
            DateTimeOffset.UtcNow.AddMinutes(-1))));
        IReadOnlyList<AlertmanagerAlertStatus> states = [];
        await alertmanager.WaitUntilAsync(
            async () => (states = await alertmanager.GetAlertsAsync()).Count == alerts.Length && states.All(s => s.State != "unprocessed"),
            TimeSpan.FromSeconds(20),
            "every alert to be processed");

        var suppressed = states.Where(s => s.State == "suppressed").Select(s => int.Parse(s.Label("case")!, System.Globalization.CultureInfo.InvariantCulture)).Order();
        Assert.Equal(alerts.Select((a, i) => (a, i)).Where(x => x.a.Suppressed).Select(x => x.i), suppressed);
        Assert.All(states.Where(s => s.State == "suppressed"), s => Assert.NotEmpty(s.InhibitedBy));
    }
}
