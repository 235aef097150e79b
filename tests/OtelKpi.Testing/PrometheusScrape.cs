using System.Globalization;
using System.Text;

namespace OtelKpi.Testing;

/// <summary>
/// A parsed Prometheus text exposition (format 0.0.4): samples plus the TYPE of every family.
/// Parsing is strict: a line it cannot read fails the test rather than being skipped.
/// </summary>
public sealed class PrometheusScrape
{
    private PrometheusScrape(IReadOnlyList<PrometheusSample> samples, IReadOnlyDictionary<string, string> types, string text)
    {
        this.Samples = samples;
        this.Types = types;
        this.Text = text;
    }

    /// <summary>Every sample line in order.</summary>
    public IReadOnlyList<PrometheusSample> Samples { get; }

    /// <summary>Metric family name to its TYPE (counter, gauge, histogram, ...).</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    /// <summary>The raw text.</summary>
    public string Text { get; }

    /// <summary>Distinct sample names.</summary>
    public IReadOnlySet<string> Names => this.Samples.Select(s => s.Name).ToHashSet();

    /// <summary>Samples with the given name.</summary>
    public IEnumerable<PrometheusSample> Series(string name) => this.Samples.Where(s => s.Name == name);

    /// <summary>Sum of the values of the samples with the given name.</summary>
    public double Sum(string name) => this.Series(name).Sum(s => s.Value);

    /// <summary>The single sample with the given name, failing when there are none or several.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Named after LINQ\'s Single, whose contract it has.")]
    public PrometheusSample Single(string name) => this.Series(name).Single();

    /// <summary>Parses the exposition text.</summary>
    public static PrometheusScrape Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', 4);
                types[parts[2]] = parts[3];
                continue;
            }

            if (line[0] == '#')
            {
                continue;
            }

            try
            {
                samples.Add(ParseSample(line));
            }
            catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                throw new FormatException($"Line {lineNumber} of the scrape is not valid exposition format: {line}", e);
            }
        }

        return new PrometheusScrape(samples, types, text);
    }

    private static PrometheusSample ParseSample(string line)
    {
        var position = 0;
        while (position < line.Length && line[position] != '{' && line[position] != ' ')
        {
            position++;
        }

        var name = line[..position];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position++;
            while (line[position] != '}')
            {
                var equals = line.IndexOf('=', position);
                var labelName = line[position..equals].Trim();
                position = equals + 1;
                if (line[position] != '"')
                {
                    throw new FormatException("label value not quoted");
                }

                position++;
                var value = new StringBuilder();
                while (line[position] != '"')
                {
                    if (line[position] == '\\')
                    {
                        position++;
                        value.Append(line[position] switch { 'n' => '\n', var c => c });
                    }
                    else
                    {
                        value.Append(line[position]);
                    }

                    position++;
                }

                position++;
                labels[labelName] = value.ToString();
                if (line[position] == ',')
                {
                    position++;
                }
            }

            position++;
        }

        var rest = line[position..].Trim().Split(' ');
        return new PrometheusSample(name, labels, ParseValue(rest[0]));
    }

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
