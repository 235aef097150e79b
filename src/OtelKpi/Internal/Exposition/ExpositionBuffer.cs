using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace OtelKpi.Internal.Exposition;

/// <summary>
/// A chunk of exposition text on its way to the response: a pooled array written from the start, handed to the
/// response and cleared whenever it passes the flush threshold, so a scrape holds one chunk however large the body.
/// It grows only when a single series does not fit. Return it with <see cref="Dispose"/>.
/// </summary>
internal sealed class ExpositionBuffer(int capacity) : IDisposable
{
    private static readonly SearchValues<char> LabelValueSpecials = SearchValues.Create("\\\"\n");
    private static readonly SearchValues<char> HelpSpecials = SearchValues.Create("\\\n");

    private byte[] bytes = ArrayPool<byte>.Shared.Rent(capacity);

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Written => this.bytes.AsMemory(0, this.Length);

    public ReadOnlySpan<byte> WrittenSpan => this.bytes.AsSpan(0, this.Length);

    public void Clear() => this.Length = 0;

    /// <summary>Forgets what was written after <paramref name="length"/>.</summary>
    public void Truncate(int length) => this.Length = length;

    /// <summary>Space for at least <paramref name="count"/> bytes after what was written; see <see cref="Advance"/>.</summary>
    public Span<byte> Reserve(int count)
    {
        this.Ensure(count);
        return this.bytes.AsSpan(this.Length);
    }

    public void Advance(int count) => this.Length += count;

    public void Write(byte value)
    {
        this.Ensure(1);
        this.bytes[this.Length++] = value;
    }

    public void Write(ReadOnlySpan<byte> value)
    {
        this.Ensure(value.Length);
        value.CopyTo(this.bytes.AsSpan(this.Length));
        this.Length += value.Length;
    }

    /// <summary>Writes a string known to be ASCII (names already sanitised, keywords).</summary>
    public void WriteAscii(string value)
    {
        this.Ensure(value.Length);
        var length = this.Length;
        foreach (var c in value)
        {
            this.bytes[length++] = (byte)c;
        }

        this.Length = length;
    }

    public void Write(long value)
    {
        this.Ensure(20);
        _ = Utf8Formatter.TryFormat(value, this.bytes.AsSpan(this.Length), out var written);
        this.Length += written;
    }

    public void Write(ulong value)
    {
        this.Ensure(20);
        _ = Utf8Formatter.TryFormat(value, this.bytes.AsSpan(this.Length), out var written);
        this.Length += written;
    }

    public void Write(decimal value)
    {
        this.Ensure(32);
        _ = Utf8Formatter.TryFormat(value, this.bytes.AsSpan(this.Length), out var written);
        this.Length += written;
    }

    /// <summary>
    /// A sample value: the shortest text that reads back as the same double, and <c>+Inf</c>, <c>-Inf</c>,
    /// <c>NaN</c> as the text format spells them.
    /// </summary>
    public void Write(double value)
    {
        if (double.IsFinite(value))
        {
            this.Ensure(32);
            _ = Utf8Formatter.TryFormat(value, this.bytes.AsSpan(this.Length), out var written);
            this.Length += written;
        }
        else
        {
            this.WriteAscii(double.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf");
        }
    }

    /// <summary>
    /// Writes <paramref name="value"/> as UTF-8 (a lone surrogate as U+FFFD) with backslash and line feed escaped,
    /// and the double quote too when <paramref name="escapeQuotes"/> is set (label values; HELP text keeps it).
    /// </summary>
    public void WriteEscaped(ReadOnlySpan<char> value, bool escapeQuotes)
    {
        var special = escapeQuotes ? LabelValueSpecials : HelpSpecials;
        while (!value.IsEmpty)
        {
            var next = value.IndexOfAny(special);
            var plain = next < 0 ? value : value[..next];
            if (!plain.IsEmpty)
            {
                this.Ensure(Encoding.UTF8.GetMaxByteCount(plain.Length));
                this.Length += Encoding.UTF8.GetBytes(plain, this.bytes.AsSpan(this.Length));
            }

            if (next < 0)
            {
                return;
            }

            this.Ensure(2);
            this.bytes[this.Length++] = (byte)'\\';
            this.bytes[this.Length++] = value[next] == '\n' ? (byte)'n' : (byte)value[next];
            value = value[(next + 1)..];
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(this.bytes);
        this.bytes = [];
        this.Length = 0;
    }

    private void Ensure(int count)
    {
        if (this.bytes.Length - this.Length >= count)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(this.bytes.Length * 2, this.Length + count));
        this.bytes.AsSpan(0, this.Length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(this.bytes);
        this.bytes = larger;
    }
}
