using System.Text;

namespace OtelKpi.Benchmarks.Apps;

/// <summary>
/// A response body that, like a socket, keeps nothing: it counts the bytes and the request-duration series
/// lines of a scrape as they stream through, so measuring memory does not measure a copy of the body.
/// </summary>
public sealed class ScrapeSinkStream : Stream
{
    private const int MaxLineBytes = 4096;

    private readonly byte[] countSeries;
    private readonly byte[] routeLabel;
    private readonly byte[] line = new byte[MaxLineBytes];
    private int lineLength;
    private bool lineTooLong;

    /// <summary>Initializes a sink that counts the series of <paramref name="variant"/>'s histogram whose route starts with <paramref name="routePrefix"/>.</summary>
    /// <param name="variant">Which library renders the scrape.</param>
    /// <param name="routePrefix">The start of the route templates to count, such as <c>/api/s</c>.</param>
    public ScrapeSinkStream(ServiceVariant variant, string routePrefix)
    {
        var (countSeriesPrefix, label) = ExpositionText.HistogramNames(variant);
        this.countSeries = Encoding.UTF8.GetBytes(countSeriesPrefix);
        this.routeLabel = Encoding.UTF8.GetBytes($"{label}=\"{routePrefix}");
    }

    /// <summary>Gets the number of bytes written since the last <see cref="Reset"/>.</summary>
    public long Bytes { get; private set; }

    /// <summary>Gets the number of matching series lines since the last <see cref="Reset"/>.</summary>
    public int Series { get; private set; }

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Starts counting a new scrape.</summary>
    public void Reset()
    {
        this.Bytes = 0;
        this.Series = 0;
        this.lineLength = 0;
        this.lineTooLong = false;
    }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        this.Bytes += buffer.Length;
        foreach (var b in buffer)
        {
            if (b == (byte)'\n')
            {
                this.EndLine();
            }
            else if (this.lineLength < MaxLineBytes)
            {
                this.line[this.lineLength++] = b;
            }
            else
            {
                this.lineTooLong = true;
            }
        }
    }

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => this.Write(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        this.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        this.Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    private void EndLine()
    {
        var text = this.line.AsSpan(0, this.lineLength);
        if (this.lineTooLong)
        {
            throw new InvalidOperationException($"A scrape line is longer than {MaxLineBytes} bytes.");
        }

        if (text.StartsWith(this.countSeries) && text.IndexOf(this.routeLabel) >= 0)
        {
            this.Series++;
        }

        this.lineLength = 0;
    }
}
