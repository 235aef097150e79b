using System.Globalization;

namespace OtelKpi.KpiView.View;

/// <summary>Formats a value the way a Grafana panel with the given unit id would show it, briefly.</summary>
internal static class UnitFormat
{
    private static readonly string[] BinaryPrefixes = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    /// <summary>The value in <paramref name="unit"/> (reqps, percentunit, s, bytes, Bps, short, ...).</summary>
    public static string Format(double value, string unit)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        return unit switch
        {
            "reqps" => Number(value) + " req/s",
            "percentunit" => (value * 100).ToString(Math.Abs(value) >= 0.1 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + "%",
            "percent" => value.ToString("0.0", CultureInfo.InvariantCulture) + "%",
            "s" => Duration(value),
            "bytes" => Bytes(value, ""),
            "Bps" => Bytes(value, "/s"),
            _ => Number(value),
        };
    }

    private static string Number(double value)
    {
        var magnitude = Math.Abs(value);
        return magnitude switch
        {
            >= 1e9 => (value / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + " G",
            >= 1e6 => (value / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + " M",
            >= 1e4 => (value / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + " k",
            >= 100 => value.ToString("0", CultureInfo.InvariantCulture),
            >= 1 => value.ToString("0.##", CultureInfo.InvariantCulture),
            0 => "0",
            _ => value.ToString("0.####", CultureInfo.InvariantCulture),
        };
    }

    private static string Duration(double seconds) => Math.Abs(seconds) switch
    {
        0 => "0 s",
        < 0.001 => (seconds * 1e6).ToString("0", CultureInfo.InvariantCulture) + " µs",
        < 1 => (seconds * 1e3).ToString("0.#", CultureInfo.InvariantCulture) + " ms",
        _ => seconds.ToString("0.##", CultureInfo.InvariantCulture) + " s",
    };

    private static string Bytes(double value, string suffix)
    {
        var prefix = 0;
        while (Math.Abs(value) >= 1024 && prefix < BinaryPrefixes.Length - 1)
        {
            value /= 1024;
            prefix++;
        }

        var format = prefix == 0 || Math.Abs(value) >= 100 ? "0" : "0.#";
        return value.ToString(format, CultureInfo.InvariantCulture) + " " + BinaryPrefixes[prefix] + suffix;
    }
}
