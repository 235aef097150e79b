using System.Globalization;

namespace OtelKpi.Internal.Exposition;

/// <summary>
/// A floating-point attribute value as a label value: OpenMetrics' canonical number, Go's <c>%g</c> of the shortest
/// round-tripping digits (scientific below 1e-4 and from 1e6, exponent signed with at least two digits), with
/// <c>.0</c> added when there is neither a point nor an exponent. This is how OpenTelemetry's Prometheus exporter
/// writes <c>double</c> and <c>float</c> tag values.
/// </summary>
internal static class CanonicalNumber
{
    public static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        if (value == 0)
        {
            return "0.0";
        }

        // The shortest round-tripping text, in whichever notation .NET picks, taken apart into its significant
        // digits and the decimal exponent of the first of them.
        var text = value.ToString(CultureInfo.InvariantCulture).AsSpan();
        var negative = text[0] == '-';
        if (negative)
        {
            text = text[1..];
        }

        var exponent = 0;
        var e = text.IndexOfAny('E', 'e');
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var point = text.IndexOf('.');
        var integerDigits = point < 0 ? text.Length : point;
        Span<char> digits = stackalloc char[text.Length];
        var count = 0;
        foreach (var c in text)
        {
            if (c != '.')
            {
                digits[count++] = c;
            }
        }

        var first = 0;
        exponent += integerDigits - 1;
        while (first < count - 1 && digits[first] == '0')
        {
            first++;
            exponent--;
        }

        while (count - first > 1 && digits[count - 1] == '0')
        {
            count--;
        }

        var significand = new string(digits[first..count]);
        var sign = negative ? "-" : string.Empty;

        if (exponent < -4 || exponent >= 6)
        {
            var mantissa = significand.Length > 1 ? significand[..1] + "." + significand[1..] : significand;
            var magnitude = Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
            return $"{sign}{mantissa}e{(exponent < 0 ? '-' : '+')}{magnitude}";
        }

        if (exponent < 0)
        {
            return $"{sign}0.{new string('0', -exponent - 1)}{significand}";
        }

        var whole = exponent + 1;
        return significand.Length > whole
            ? $"{sign}{significand[..whole]}.{significand[whole..]}"
            : $"{sign}{significand.PadRight(whole, '0')}.0";
    }
}
