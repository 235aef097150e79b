using System.Globalization;
using System.Text.RegularExpressions;

namespace OtelKpi.KpiView;

/// <summary>The command line of the view.</summary>
internal sealed partial class KpiViewOptions
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        Usage: OtelKpi.KpiView [options]
          --prometheus <url>       Prometheus base address (default http://127.0.0.1:9090)
          --dashboard <file>       dashboard whose panel queries are shown (default dashboards/service-kpi.json of this repository)
          --rate-interval <dur>    what $__rate_interval stands for: 4 x the scrape interval (default 1m)
          --refresh <seconds>      seconds between frames (default 5)
          --var <name>=<value>     select a value of a dashboard variable instead of All (repeatable)
          --rows <title,...>       show only these rows of the dashboard (default all on screen)
          --notifications <file>   show the latest notifications of this log (written by --receive)
          --status-file <file>     show this file's lines under the summary (the demo's incident script writes its phase there)
          --once                   print one frame and exit
          --picture <file.png>     draw the dashboard over the last --picture-range (tools/dashboard-render) and exit;
                                   with --watch-picture, run the live view and draw it on the p key and when it stops
          --picture-range <dur>    the time range of the picture: 90s, 15m, 1h (default 15m)
          --watch-picture          see --picture
        Usage: OtelKpi.KpiView --receive <http://127.0.0.1:port/> --notifications <file>
          a webhook receiver for Alertmanager: prints every notification and appends it to the file
        """;

    /// <summary>Gets Prometheus' base address.</summary>
    public Uri Prometheus { get; private init; } = new("http://127.0.0.1:9090/");

    /// <summary>Gets the dashboard file, or null for the repository's service-kpi.json.</summary>
    public string? Dashboard { get; private init; }

    /// <summary>Gets the substitute for <c>$__rate_interval</c>.</summary>
    public string RateInterval { get; private init; } = "1m";

    /// <summary>Gets the time between frames.</summary>
    public TimeSpan Refresh { get; private init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the chosen variable values.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Variables { get; private init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Gets the rows to show, or null for all.</summary>
    public IReadOnlySet<string>? Rows { get; private init; }

    /// <summary>Gets the notification log to show (the view) or write (the receiver).</summary>
    public string? Notifications { get; private init; }

    /// <summary>Gets the file whose lines are shown under the summary, or null.</summary>
    public string? StatusFile { get; private init; }

    /// <summary>Gets the receiver's listening prefix, or null when this is the view.</summary>
    public string? Receive { get; private init; }

    /// <summary>Gets a value indicating whether one frame is printed.</summary>
    public bool Once { get; private init; }

    /// <summary>Gets the PNG file the dashboard picture is written to, or null for none.</summary>
    public string? Picture { get; private init; }

    /// <summary>Gets the time range a picture covers, ending now.</summary>
    public TimeSpan PictureRange { get; private init; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets a value indicating whether the live view runs on and draws the picture on a key and at the end.</summary>
    public bool WatchPicture { get; private init; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with the problem.</summary>
    public static KpiViewOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new Builder();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--prometheus":
                    var address = Value(args, ref i);
                    options.Prometheus = Uri.TryCreate(address.EndsWith('/') ? address : address + "/", UriKind.Absolute, out var uri)
                        ? uri
                        : throw new ArgumentException($"--prometheus {address} is not an absolute URL.");
                    break;
                case "--dashboard":
                    options.Dashboard = Value(args, ref i);
                    break;
                case "--rate-interval":
                    options.RateInterval = Value(args, ref i);
                    break;
                case "--refresh":
                    var seconds = Value(args, ref i);
                    options.Refresh = double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 1
                        ? TimeSpan.FromSeconds(s)
                        : throw new ArgumentException($"--refresh {seconds}: give at least 1 (seconds).");
                    break;
                case "--var":
                    var assignment = Value(args, ref i).Split('=', 2);
                    if (assignment.Length != 2 || assignment[0].Length == 0)
                    {
                        throw new ArgumentException($"--var {args[i]}: write name=value.");
                    }

                    if (!options.Variables.TryGetValue(assignment[0], out var values))
                    {
                        options.Variables[assignment[0]] = values = [];
                    }

                    values.Add(assignment[1]);
                    break;
                case "--rows":
                    options.Rows = Value(args, ref i).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
                    break;
                case "--notifications":
                    options.Notifications = Value(args, ref i);
                    break;
                case "--status-file":
                    options.StatusFile = Value(args, ref i);
                    break;
                case "--receive":
                    var prefix = Value(args, ref i);
                    options.Receive = Uri.TryCreate(prefix, UriKind.Absolute, out var listen) && listen.Scheme == "http"
                        ? listen.ToString()
                        : throw new ArgumentException($"--receive {prefix}: give an http URL such as http://127.0.0.1:9095/.");
                    break;
                case "--once":
                    options.Once = true;
                    break;
                case "--picture":
                    options.Picture = Value(args, ref i);
                    break;
                case "--picture-range":
                    var range = Value(args, ref i);
                    options.PictureRange = Duration().Match(range) is { Success: true } m && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > 0
                        ? m.Groups[2].Value switch
                        {
                            "s" => TimeSpan.FromSeconds(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)),
                            "m" => TimeSpan.FromMinutes(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)),
                            _ => TimeSpan.FromHours(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)),
                        }
                        : throw new ArgumentException($"--picture-range {range}: give a duration such as 90s, 15m or 1h.");
                    break;
                case "--watch-picture":
                    options.WatchPicture = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument {args[i]}.");
            }
        }

        if (options.Receive is not null && options.Notifications is null)
        {
            throw new ArgumentException("--receive needs --notifications <file> to log to.");
        }

        if (options.WatchPicture && options.Picture is null)
        {
            throw new ArgumentException("--watch-picture needs --picture <file.png>.");
        }

        return options.Build();
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count)
        {
            throw new ArgumentException($"{args[i]} needs a value.");
        }

        return args[++i];
    }

    [GeneratedRegex("^([0-9]+)(s|m|h)$")]
    private static partial Regex Duration();

    private sealed class Builder
    {
        public Uri Prometheus { get; set; } = new("http://127.0.0.1:9090/");

        public string? Dashboard { get; set; }

        public string RateInterval { get; set; } = "1m";

        public TimeSpan Refresh { get; set; } = TimeSpan.FromSeconds(5);

        public Dictionary<string, List<string>> Variables { get; } = new(StringComparer.Ordinal);

        public IReadOnlySet<string>? Rows { get; set; }

        public string? Notifications { get; set; }

        public string? Receive { get; set; }

        public string? StatusFile { get; set; }

        public bool Once { get; set; }

        public string? Picture { get; set; }

        public TimeSpan PictureRange { get; set; } = TimeSpan.FromMinutes(15);

        public bool WatchPicture { get; set; }

        public KpiViewOptions Build() => new()
        {
            Prometheus = this.Prometheus,
            Dashboard = this.Dashboard,
            RateInterval = this.RateInterval,
            Refresh = this.Refresh,
            Variables = this.Variables.ToDictionary(v => v.Key, v => (IReadOnlyList<string>)v.Value, StringComparer.Ordinal),
            Rows = this.Rows,
            Notifications = this.Notifications,
            Receive = this.Receive,
            StatusFile = this.StatusFile,
            Once = this.Once,
            Picture = this.Picture,
            PictureRange = this.PictureRange,
            WatchPicture = this.WatchPicture,
        };
    }
}
