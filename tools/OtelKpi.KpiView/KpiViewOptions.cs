using System.Globalization;

namespace OtelKpi.KpiView;

/// <summary>The command line of the view.</summary>
internal sealed class KpiViewOptions
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        Usage: OtelKpi.KpiView [options]
          --prometheus <url>      Prometheus base address (default http://127.0.0.1:9090)
          --dashboard <file>      dashboard whose panel queries are shown (default dashboards/service-kpi.json of this repository)
          --rate-interval <dur>   what $__rate_interval stands for: 4 x the scrape interval (default 1m)
          --refresh <seconds>     seconds between frames (default 5)
          --var <name>=<value>    select a value of a dashboard variable instead of All (repeatable)
          --once                  print one frame and exit
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

    /// <summary>Gets a value indicating whether one frame is printed.</summary>
    public bool Once { get; private init; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with the problem.</summary>
    public static KpiViewOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var prometheus = new Uri("http://127.0.0.1:9090/");
        string? dashboard = null;
        var rateInterval = "1m";
        var refresh = TimeSpan.FromSeconds(5);
        var once = false;
        var variables = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--prometheus":
                    var address = Value(args, ref i);
                    prometheus = Uri.TryCreate(address.EndsWith('/') ? address : address + "/", UriKind.Absolute, out var uri)
                        ? uri
                        : throw new ArgumentException($"--prometheus {address} is not an absolute URL.");
                    break;
                case "--dashboard":
                    dashboard = Value(args, ref i);
                    break;
                case "--rate-interval":
                    rateInterval = Value(args, ref i);
                    break;
                case "--refresh":
                    var seconds = Value(args, ref i);
                    refresh = double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 1
                        ? TimeSpan.FromSeconds(s)
                        : throw new ArgumentException($"--refresh {seconds}: give at least 1 (seconds).");
                    break;
                case "--var":
                    var assignment = Value(args, ref i).Split('=', 2);
                    if (assignment.Length != 2 || assignment[0].Length == 0)
                    {
                        throw new ArgumentException($"--var {args[i]}: write name=value.");
                    }

                    if (!variables.TryGetValue(assignment[0], out var values))
                    {
                        variables[assignment[0]] = values = [];
                    }

                    values.Add(assignment[1]);
                    break;
                case "--once":
                    once = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument {args[i]}.");
            }
        }

        return new KpiViewOptions
        {
            Prometheus = prometheus,
            Dashboard = dashboard,
            RateInterval = rateInterval,
            Refresh = refresh,
            Once = once,
            Variables = variables.ToDictionary(v => v.Key, v => (IReadOnlyList<string>)v.Value, StringComparer.Ordinal),
        };
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count)
        {
            throw new ArgumentException($"{args[i]} needs a value.");
        }

        return args[++i];
    }
}
