using OtelKpi.Testing;

namespace OtelKpi.Rules.Tests.Support;

/// <summary>
/// deploy/alertmanager/alertmanager.yml, the file users copy, and the derivation docs/rules.md documents for a
/// demo or a test: replace each receiver's one placeholder URL, and nothing else (a test may shorten the
/// grouping waits so that it runs in seconds).
/// </summary>
public static class ShippedAlertmanagerConfig
{
    /// <summary>The shipped file.</summary>
    public const string Path = "deploy/alertmanager/alertmanager.yml";

    /// <summary>The paging receiver.</summary>
    public const string PageReceiver = "otelkpi-page";

    /// <summary>The ticketing receiver.</summary>
    public const string TicketReceiver = "otelkpi-ticket";

    /// <summary>The paging receiver's placeholder URL, which never resolves (.invalid).</summary>
    public const string PagePlaceholder = "https://replace-with-your-paging-webhook.invalid/otelkpi";

    /// <summary>The ticketing receiver's placeholder URL.</summary>
    public const string TicketPlaceholder = "https://replace-with-your-ticket-webhook.invalid/otelkpi";

    /// <summary>The shipped text.</summary>
    public static string Text => File.ReadAllText(RepositoryPaths.Of(Path));

    /// <summary>The shipped file with both receivers pointed at <paramref name="page"/> and <paramref name="ticket"/>.</summary>
    public static string Derive(Uri page, Uri ticket, string? groupWait = null, string? groupInterval = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(ticket);
        var text = ReplaceOnce(Text, PagePlaceholder, page.ToString());
        text = ReplaceOnce(text, TicketPlaceholder, ticket.ToString());
        if (groupWait is not null)
        {
            text = ReplaceOnce(text, "group_wait: 30s", "group_wait: " + groupWait);
        }

        if (groupInterval is not null)
        {
            text = ReplaceOnce(text, "group_interval: 5m", "group_interval: " + groupInterval);
        }

        return text;
    }

    private static string ReplaceOnce(string text, string find, string replacement)
    {
        var first = text.IndexOf(find, StringComparison.Ordinal);
        if (first < 0 || text.IndexOf(find, first + find.Length, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"{Path} must contain '{find}' exactly once.");
        }

        return text[..first] + replacement + text[(first + find.Length)..];
    }
}
