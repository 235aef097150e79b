namespace OtelKpi.Dashboards.Tests.Demo;

/// <summary>
/// scripts/demo.sh in a real terminal (tmux): the view shows every KPI with its status in colour, and everything the
/// demo started stops, and the dashboard picture is drawn, whether it is stopped by Ctrl-C, by closing the terminal
/// (SIGHUP, on which Prometheus and Alertmanager would only reload) or by SIGTERM.
/// </summary>
public class DemoScriptTests
{
    [Theory]
    [InlineData("ctrl-c")]
    [InlineData("closed terminal")]
    [InlineData("sigterm")]
    public async Task Everything_the_demo_started_stops_and_the_picture_is_drawn(string how)
    {
        await using var demo = await DemoSession.StartAsync(incident: false);
        // The sample's default traffic is healthy; 5 % errors, set at run time as a user would, miss the 99.9 %
        // availability objective: a breach shows once the SLIs have data.
        Assert.Contains("\"errorRatio\":0.05", await demo.ChangeTrafficAsync("""{"errorRatio": 0.05}""", TimeSpan.FromMinutes(2)), StringComparison.Ordinal);
        var (screen, coloured) = await demo.WaitForScreenAsync(@"\n  Availability SLI +otelkpi-sample +✖ BREACH +[0-9.]+%", TimeSpan.FromMinutes(4));
        Assert.Contains("Steady traffic, no incident", screen, StringComparison.Ordinal);
        Assert.Matches(@"\n  Requests +otelkpi-sample +[0-9.]+ req/s", screen);
        Assert.Contains("p: write the dashboard picture   q or Ctrl-C: stop", screen, StringComparison.Ordinal);
        // On a terminal the breach is red and bold, with its symbol (tmux may write the two attributes apart).
        Assert.Matches("\u001b\\[(1;31|31;1|1m\u001b\\[31)m✖ BREACH", coloured);

        switch (how)
        {
            case "ctrl-c":
                await demo.SendKeysAsync("C-c");
                break;
            case "closed terminal":
                await demo.CloseTerminalAsync();
                break;
            default:
                await demo.TerminateScriptAsync();
                break;
        }

        // The view draws the picture first, which takes a while on a busy machine; then the services stop.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(120);
        while ((demo.Survivors().Count > 0 || await demo.IsRunningAsync()) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(500);
        }

        Assert.True(demo.Survivors().Count == 0, $"Still running after {how}:\n{string.Join('\n', demo.Survivors())}\n{demo.Logs()}");
        Assert.False(await demo.IsRunningAsync(), "the demo script did not exit");
        Assert.True(File.Exists(demo.Picture), $"no picture at {demo.Picture}\n{demo.Logs()}");
    }
}
