using OtelKpi.Rules.Tests.Support;
using OtelKpi.Testing;
using YamlDotNet.RepresentationModel;

namespace OtelKpi.Rules.Tests;

/// <summary>
/// deploy/alertmanager/alertmanager.yml: valid for Alertmanager 0.25 (amtool), routing every alert and severity
/// to the receiver docs/rules.md names, grouping and inhibiting per service with the topology labels, and usable
/// as shipped with its two placeholder URLs.
/// </summary>
public sealed class AlertmanagerConfigTests
{
    /// <summary>Every alert and severity it has, with the receiver that must get it.</summary>
    public static TheoryData<string, string, string> AlertsAndReceivers
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var (alert, severities) in Alerts.Severities)
            {
                foreach (var severity in severities)
                {
                    data.Add(alert, severity, severity == "critical" ? ShippedAlertmanagerConfig.PageReceiver : ShippedAlertmanagerConfig.TicketReceiver);
                }
            }

            return data;
        }
    }

    [Fact]
    public async Task Amtool_accepts_the_shipped_file()
    {
        var result = (await Amtool("check-config", RepositoryPaths.Of(ShippedAlertmanagerConfig.Path))).EnsureSuccess("amtool check-config");

        Assert.Contains("SUCCESS", result.Output, StringComparison.Ordinal);
        Assert.Contains(" - 4 inhibit rules", result.Output, StringComparison.Ordinal);
        Assert.Contains(" - 2 receivers", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AlertsAndReceivers))]
    public async Task Amtool_routes_the_alert_to_its_receiver(string alert, string severity, string receiver)
    {
        var result = (await Amtool(
            "config", "routes", "test", $"--config.file={RepositoryPaths.Of(ShippedAlertmanagerConfig.Path)}",
            $"alertname={alert}", $"severity={severity}", "namespace=shop", "job=shop/checkout")).EnsureSuccess("amtool config routes test");

        Assert.Equal(receiver, result.Output.Split('\n').First(l => !l.StartsWith("Warning", StringComparison.Ordinal)).Trim());
    }

    [Fact]
    public async Task An_alert_without_a_known_severity_opens_a_ticket_rather_than_being_dropped()
    {
        var result = (await Amtool("config", "routes", "test", $"--config.file={RepositoryPaths.Of(ShippedAlertmanagerConfig.Path)}", "alertname=SomethingElse")).EnsureSuccess("amtool");

        Assert.Equal(ShippedAlertmanagerConfig.TicketReceiver, result.Output.Split('\n').First(l => !l.StartsWith("Warning", StringComparison.Ordinal)).Trim());
    }

    [Fact]
    public void Each_receiver_has_one_placeholder_webhook_that_sends_resolved_notifications()
    {
        var receivers = (YamlSequenceNode)Document().Children["receivers"];
        var byName = receivers.Cast<YamlMappingNode>().ToDictionary(r => r.Children["name"].ToString(), r => (YamlSequenceNode)r.Children["webhook_configs"]);

        Assert.Equal([ShippedAlertmanagerConfig.PageReceiver, ShippedAlertmanagerConfig.TicketReceiver], byName.Keys);
        var page = (YamlMappingNode)Assert.Single(byName[ShippedAlertmanagerConfig.PageReceiver]);
        var ticket = (YamlMappingNode)Assert.Single(byName[ShippedAlertmanagerConfig.TicketReceiver]);
        Assert.Equal(ShippedAlertmanagerConfig.PagePlaceholder, page.Children["url"].ToString());
        Assert.Equal(ShippedAlertmanagerConfig.TicketPlaceholder, ticket.Children["url"].ToString());
        Assert.All([page, ticket], w => Assert.Equal("true", w.Children["send_resolved"].ToString()));
    }

    [Fact]
    public async Task The_documented_derivation_points_both_receivers_at_a_local_webhook_and_stays_valid()
    {
        var derived = ShippedAlertmanagerConfig.Derive(new Uri("http://127.0.0.1:9095/page"), new Uri("http://127.0.0.1:9095/ticket"));
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"otelkpi-alertmanager-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, derived);
        try
        {
            (await Amtool("check-config", file)).EnsureSuccess("amtool check-config on the derived file");
        }
        finally
        {
            File.Delete(file);
        }

        Assert.DoesNotContain(ShippedAlertmanagerConfig.PagePlaceholder, derived, StringComparison.Ordinal);
        Assert.DoesNotContain(ShippedAlertmanagerConfig.TicketPlaceholder, derived, StringComparison.Ordinal);
        Assert.Contains("url: http://127.0.0.1:9095/page", derived, StringComparison.Ordinal);
        Assert.Contains("url: http://127.0.0.1:9095/ticket", derived, StringComparison.Ordinal);
        Assert.Contains("sed -e 's#" + ShippedAlertmanagerConfig.PagePlaceholder + "#", File.ReadAllText(RepositoryPaths.Of("docs/rules.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Grouping_and_every_inhibition_are_per_service_with_the_topology_labels()
    {
        var document = Document();
        var groupBy = ((YamlSequenceNode)((YamlMappingNode)document.Children["route"]).Children["group_by"]).Select(n => n.ToString()).ToList();
        var inhibitions = ((YamlSequenceNode)document.Children["inhibit_rules"]).Cast<YamlMappingNode>().ToList();

        Assert.Equal(["alertname", .. Topology.JobLabels], groupBy);
        Assert.Equal(4, inhibitions.Count);
        Assert.All(inhibitions, rule =>
        {
            var equal = ((YamlSequenceNode)rule.Children["equal"]).Select(n => n.ToString()).ToList();
            Assert.Subset(equal.ToHashSet(), Topology.JobLabels.ToHashSet());
        });
    }

    [Fact]
    public void The_shipped_prometheus_configuration_sends_alerts_where_the_documented_alertmanager_listens()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepositoryPaths.Of("deploy/prometheus/prometheus.yml"))));
        var alerting = (YamlMappingNode)((YamlMappingNode)stream.Documents.Single().RootNode).Children["alerting"];
        var alertmanager = (YamlMappingNode)((YamlSequenceNode)alerting.Children["alertmanagers"]).Single();
        var targets = (YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)alertmanager.Children["static_configs"]).Single()).Children["targets"];

        Assert.Equal(["127.0.0.1:9093"], targets.Select(t => t.ToString()));
        Assert.Contains("--web.listen-address=127.0.0.1:9093", File.ReadAllText(RepositoryPaths.Of("docs/rules.md")), StringComparison.Ordinal);
    }

    private static YamlMappingNode Document()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(ShippedAlertmanagerConfig.Text));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static Task<CommandResult> Amtool(params string[] arguments) =>
        CommandLine.RunAsync("amtool", arguments, timeout: TimeSpan.FromMinutes(1));
}
