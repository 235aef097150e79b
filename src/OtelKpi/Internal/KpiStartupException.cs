namespace OtelKpi.Internal;

/// <summary>A start-up failure OtelKpi has already logged with the key that caused it (such as a scrape port in use).</summary>
internal sealed class KpiStartupException : InvalidOperationException
{
    public KpiStartupException()
    {
    }

    public KpiStartupException(string message)
        : base(message)
    {
    }

    public KpiStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
