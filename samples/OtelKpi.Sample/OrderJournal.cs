using System.Globalization;
using System.Text;

namespace OtelKpi.Sample;

/// <summary>
/// Makes every placed order durable before checkout confirms it, as a shop's order store would: one line appended to
/// the file <c>Sample:OrderJournal:Path</c> names and flushed to the disk (fsync), so the service does real block
/// I/O that the Disk I/O panel shows. Off (nothing written) when no path is configured.
/// </summary>
public sealed class OrderJournal : IDisposable
{
    private readonly FileStream? file;
    private readonly SemaphoreSlim gate = new(1, 1);

    public OrderJournal(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var path = configuration["Sample:OrderJournal:Path"];
        if (!string.IsNullOrEmpty(path))
        {
            this.file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0, useAsync: true);
        }
    }

    /// <summary>Appends the order and waits until the disk has it.</summary>
    public async Task RecordAsync(Guid orderId, double amount, CancellationToken cancellationToken)
    {
        if (this.file is null)
        {
            return;
        }

        var line = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"orderId\":\"{orderId}\",\"amount\":{amount},\"at\":\"{DateTimeOffset.UtcNow:O}\"}}\n"));
        await this.gate.WaitAsync(cancellationToken);
        try
        {
            await this.file.WriteAsync(line, cancellationToken);
            this.file.Flush(flushToDisk: true);
        }
        finally
        {
            this.gate.Release();
        }
    }

    public void Dispose()
    {
        this.file?.Dispose();
        this.gate.Dispose();
    }
}
