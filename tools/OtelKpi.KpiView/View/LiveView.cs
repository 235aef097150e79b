using OtelKpi.KpiView.Dashboards;
using OtelKpi.KpiView.Notifications;
using OtelKpi.KpiView.Picture;
using OtelKpi.KpiView.Prometheus;

namespace OtelKpi.KpiView.View;

/// <summary>
/// The view's loop: a frame every refresh, keys on a terminal (p draws the picture, q stops), and when it stops
/// (q, Ctrl-C, SIGTERM, a closed terminal) the picture, if one was asked for.
/// </summary>
internal sealed class LiveView(KpiViewOptions options, Dashboard dashboard, string dashboardPath, PrometheusApi prometheus, PrometheusLabels labels)
{
    private readonly Dictionary<string, string> builtIns = new(StringComparer.Ordinal)
    {
        ["__rate_interval"] = options.RateInterval,
        ["__interval"] = options.RateInterval,
        ["__range"] = options.RateInterval,
    };

    // More keys than anyone types in 200 ms: not a person at a terminal.
    private const int MaxKeysPerTick = 64;

    private string? status;

    /// <summary>Shows frames until <paramref name="stop"/> (or q); then draws the picture when asked to.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var terminal = !Console.IsOutputRedirected;
        var keys = terminal && !Console.IsInputRedirected;
        var style = terminal ? TerminalStyle.Ansi : TerminalStyle.Plain;
        var help = !keys ? null : options.WatchPicture ? "p: write the dashboard picture   q or Ctrl-C: stop" : "q or Ctrl-C: stop";
        using var quit = CancellationTokenSource.CreateLinkedTokenSource(stop);
        while (!quit.IsCancellationRequested)
        {
            var frame = await this.FrameAsync(style, help, quit.Token);
            // Home and clear-screen on a terminal; plain successive frames when redirected.
            Write(terminal ? "\u001b[H\u001b[2J" + frame : frame + Environment.NewLine);
            if (options.Once)
            {
                break;
            }

            keys = await this.WaitAsync(keys, quit);
        }

        if (options.WatchPicture)
        {
            await this.WritePictureAsync(CancellationToken.None);
        }
    }

    /// <summary>Draws the picture of the last <see cref="KpiViewOptions.PictureRange"/> to <see cref="KpiViewOptions.Picture"/>.</summary>
    public async Task<bool> WritePictureAsync(CancellationToken cancellationToken)
    {
        try
        {
            var selections = await this.SelectionsAsync(cancellationToken);
            var to = DateTimeOffset.UtcNow;
            var step = TimeSpan.FromSeconds(Math.Max(1, Math.Round(options.PictureRange.TotalSeconds / 300)));
            var picture = new DashboardPicture(prometheus, dashboard, dashboardPath, selections, this.builtIns);
            var panels = await picture.RenderAsync(to - options.PictureRange, to, step, options.Picture!, options.Prometheus, cancellationToken);
            var empty = panels.Where(p => p.Type != "row" && p.Series.Count == 0).Select(p => p.Title).ToList();
            this.status = $"Dashboard picture written to {options.Picture}" + (empty.Count == 0 ? "" : $" ({empty.Count} panels without data: {string.Join(", ", empty)})");
            Write(this.status + Environment.NewLine);
            return true;
        }
        catch (Exception e) when (e is PrometheusQueryException or InvalidOperationException or IOException)
        {
            this.status = $"The dashboard picture failed: {e.Message}";
            Write(this.status + Environment.NewLine);
            return false;
        }
    }

    private async Task<string> FrameAsync(TerminalStyle style, string? help, CancellationToken cancellationToken)
    {
        var context = new KpiFrameContext(dashboard.Title, options.Prometheus, options.RateInterval, options.Notifications is null ? null : Notification.ReadLast(options.Notifications, 6), help is null ? null : this.status is null ? help : help + "   " + this.status)
        {
            Status = ReadStatus(options.StatusFile),
        };
        try
        {
            var selections = await this.SelectionsAsync(cancellationToken);
            var snapshot = await new KpiReader(prometheus, dashboard, selections, this.builtIns, options.Rows).ReadAsync(cancellationToken);
            return KpiScreen.Render(snapshot, context, style);
        }
        catch (PrometheusQueryException e)
        {
            return $"{dashboard.Title}: waiting for Prometheus at {options.Prometheus} ({e.Message})" + Environment.NewLine;
        }
        catch (OperationCanceledException)
        {
            return "";
        }
    }

    private async Task<IReadOnlyDictionary<string, VariableSelection>> SelectionsAsync(CancellationToken cancellationToken)
    {
        var variables = await VariableResolver.ResolveAsync(
            dashboard,
            (label, match) => labels.ValuesAsync(label, match, cancellationToken),
            (name, _) => options.Variables.TryGetValue(name, out var chosen) ? chosen : null,
            this.builtIns);
        return VariableResolver.Selections(variables);
    }

    // Until the next frame is due; on a terminal, p draws the picture and q stops. Returns whether keys can still be
    // read: a hung-up terminal stays "readable" for ever and yields no keys, which must not become a busy loop.
    private async Task<bool> WaitAsync(bool keys, CancellationTokenSource quit)
    {
        var due = DateTimeOffset.UtcNow + options.Refresh;
        while (!quit.IsCancellationRequested && DateTimeOffset.UtcNow < due)
        {
            var read = 0;
            while (keys && !quit.IsCancellationRequested && KeyAvailable())
            {
                var key = ReadKey();
                if (key is null || ++read > MaxKeysPerTick)
                {
                    keys = false;
                    break;
                }

                switch (char.ToLowerInvariant(key.Value.KeyChar))
                {
                    case 'q':
                        await quit.CancelAsync();
                        return keys;
                    case 'p' when options.WatchPicture:
                        await this.WritePictureAsync(CancellationToken.None);
                        return keys;
                    default:
                        break;
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), quit.Token);
            }
            catch (OperationCanceledException)
            {
                return keys;
            }
        }

        return keys;
    }

    private static bool KeyAvailable()
    {
        try
        {
            return Console.KeyAvailable;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            return false;
        }
    }

    // Null when the terminal is gone: end of input, or a read that gives no key at all.
    private static ConsoleKeyInfo? ReadKey()
    {
        try
        {
            var key = Console.ReadKey(intercept: true);
            return key.Key == 0 && key.KeyChar == '\0' ? null : key;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string[] ReadStatus(string? path)
    {
        try
        {
            return path is not null && File.Exists(path) ? File.ReadAllLines(path) : [];
        }
        catch (IOException)
        {
            return []; // being rewritten right now: the next frame shows it
        }
    }

    // A closed terminal makes writes fail: the view still stops cleanly and draws its picture.
    private static void Write(string text)
    {
        try
        {
            Console.Write(text);
        }
        catch (IOException)
        {
        }
    }
}
