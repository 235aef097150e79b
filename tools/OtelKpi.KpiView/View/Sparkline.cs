namespace OtelKpi.KpiView.View;

/// <summary>A trend in eight block characters, scaled between the trend's own lowest and highest values.</summary>
internal static class Sparkline
{
    private const string Blocks = "▁▂▃▄▅▆▇█";

    /// <summary>One character per value; a space where there was none.</summary>
    public static string Render(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var known = values.Where(double.IsFinite).ToList();
        if (known.Count == 0)
        {
            return new string(' ', values.Count);
        }

        var (low, high) = (known.Min(), known.Max());
        return string.Concat(values.Select(v => !double.IsFinite(v) ? ' '
            : high - low < Math.Abs(high) * 1e-9 + 1e-12 ? Blocks[0]
            : Blocks[(int)Math.Round((v - low) / (high - low) * (Blocks.Length - 1))]));
    }
}
