using System.Globalization;
using OpenTelemetry;

namespace OtelKpi.Internal.Exposition;

/// <summary>
/// Writes a label set (<c>a="1",b="2"</c>, without braces) from a metric point's tags or the resource's attributes,
/// in their order. Attribute keys that translate to the same label name are merged into one label, their values
/// joined by <c>;</c> in the ordinal order of the original keys, as the OpenTelemetry specification asks. One writer
/// serves one scrape at a time: it reuses its scratch state.
/// </summary>
internal sealed class LabelWriter
{
    private readonly List<(int Start, int Length)> written = [];
    private readonly List<(string Key, string Name, string Value)> merging = [];

    /// <summary>Writes the tags, leaving out a tag whose label name is <paramref name="reserved"/> (histograms' <c>le</c>).</summary>
    public void Write(ExpositionBuffer buffer, ReadOnlyTagCollection tags, string? reserved)
    {
        var start = buffer.Length;
        this.written.Clear();
        foreach (var tag in tags)
        {
            var rewind = buffer.Length;
            if (this.written.Count > 0)
            {
                buffer.Write((byte)',');
            }

            var nameStart = buffer.Length;
            LabelName.Write(buffer, tag.Key);
            var name = (Start: nameStart, Length: buffer.Length - nameStart);
            if (reserved is not null && Equals(buffer, name, reserved))
            {
                buffer.Truncate(rewind);
                continue;
            }

            foreach (var other in this.written)
            {
                if (buffer.WrittenSpan.Slice(other.Start, other.Length).SequenceEqual(buffer.WrittenSpan.Slice(name.Start, name.Length)))
                {
                    buffer.Truncate(start);
                    this.WriteMerged(buffer, tags, reserved);
                    return;
                }
            }

            this.written.Add(name);
            buffer.Write("=\""u8);
            WriteValue(buffer, tag.Value);
            buffer.Write((byte)'"');
        }
    }

    /// <summary>Writes resource attributes (<c>target_info</c>'s labels).</summary>
    public void Write(ExpositionBuffer buffer, IEnumerable<KeyValuePair<string, object>> attributes)
    {
        this.merging.Clear();
        foreach (var attribute in attributes)
        {
            this.merging.Add((attribute.Key, LabelName.Of(attribute.Key), ValueText(attribute.Value)));
        }

        this.WriteMerging(buffer);
    }

    private void WriteMerged(ExpositionBuffer buffer, ReadOnlyTagCollection tags, string? reserved)
    {
        this.merging.Clear();
        foreach (var tag in tags)
        {
            var name = LabelName.Of(tag.Key);
            if (name != reserved)
            {
                this.merging.Add((tag.Key, name, ValueText(tag.Value)));
            }
        }

        this.WriteMerging(buffer);
    }

    private void WriteMerging(ExpositionBuffer buffer)
    {
        var first = true;
        for (var i = 0; i < this.merging.Count; i++)
        {
            var name = this.merging[i].Name;
            if (this.merging.FindIndex(0, i, l => l.Name == name) >= 0)
            {
                continue; // merged into the label of its first occurrence
            }

            var same = this.merging.FindAll(l => l.Name == name);
            var value = same.Count == 1
                ? same[0].Value
                : string.Join(';', same.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Value));

            if (!first)
            {
                buffer.Write((byte)',');
            }

            first = false;
            buffer.WriteAscii(name);
            buffer.Write("=\""u8);
            buffer.WriteEscaped(value, escapeQuotes: true);
            buffer.Write((byte)'"');
        }
    }

    private static bool Equals(ExpositionBuffer buffer, (int Start, int Length) name, string text)
    {
        var written = buffer.WrittenSpan.Slice(name.Start, name.Length);
        if (written.Length != text.Length)
        {
            return false;
        }

        for (var i = 0; i < written.Length; i++)
        {
            if (written[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    private static void WriteValue(ExpositionBuffer buffer, object? value)
    {
        switch (value)
        {
            case null:
                break;
            case string text:
                buffer.WriteEscaped(text, escapeQuotes: true);
                break;
            case bool flag:
                buffer.WriteAscii(flag ? "true" : "false");
                break;
            case sbyte or byte or short or ushort or int or uint or long:
                buffer.Write(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong number:
                buffer.Write(number);
                break;
            case decimal number:
                buffer.Write(number);
                break;
            default:
                buffer.WriteEscaped(ValueText(value), escapeQuotes: true);
                break;
        }
    }

    private static string ValueText(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        float number => CanonicalNumber.Format(number),
        double number => CanonicalNumber.Format(number),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture) ?? string.Empty,
        _ => value.ToString() ?? string.Empty,
    };
}
