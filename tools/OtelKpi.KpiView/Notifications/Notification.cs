using System.Globalization;
using System.Text.Json;

namespace OtelKpi.KpiView.Notifications;

/// <summary>One webhook notification Alertmanager sent: when, to which receiver, firing or resolved, for which alerts.</summary>
/// <param name="At">When it arrived.</param>
/// <param name="Receiver">The Alertmanager receiver it was routed to.</param>
/// <param name="Status">firing or resolved.</param>
/// <param name="Alerts">Each alert as "name (job) status".</param>
internal sealed record Notification(DateTimeOffset At, string Receiver, string Status, IReadOnlyList<string> Alerts)
{
    /// <summary>Reads Alertmanager's webhook payload (version 4).</summary>
    public static Notification FromWebhook(string json, DateTimeOffset at)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var alerts = root.TryGetProperty("alerts", out var list)
            ? list.EnumerateArray().Select(a =>
            {
                var labels = a.GetProperty("labels");
                var name = labels.TryGetProperty("alertname", out var n) ? n.GetString() : "?";
                var job = labels.TryGetProperty("job", out var j) ? $" ({j.GetString()})" : "";
                return $"{name}{job} {a.GetProperty("status").GetString()}";
            }).ToList()
            : [];
        return new Notification(at, Text(root, "receiver"), Text(root, "status"), alerts);
    }

    /// <summary>The notification as one line of the notification log (JSON).</summary>
    public string ToJsonLine() => JsonSerializer.Serialize(new { at = this.At.ToString("O", CultureInfo.InvariantCulture), receiver = this.Receiver, status = this.Status, alerts = this.Alerts });

    /// <summary>Reads a line of the notification log.</summary>
    public static Notification FromJsonLine(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        return new Notification(
            DateTimeOffset.Parse(root.GetProperty("at").GetString()!, CultureInfo.InvariantCulture),
            Text(root, "receiver"),
            Text(root, "status"),
            root.GetProperty("alerts").EnumerateArray().Select(a => a.GetString()!).ToList());
    }

    /// <summary>The last <paramref name="count"/> notifications of a log file; none when it does not exist yet.</summary>
    public static IReadOnlyList<Notification> ReadLast(string? path, int count)
    {
        if (path is null || !File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.TakeLast(count).Select(FromJsonLine).ToList();
    }

    /// <summary>The notification as the receiver prints it.</summary>
    public override string ToString() =>
        $"{this.At.ToUniversalTime():HH:mm:ss}  {this.Receiver,-8} {this.Status.ToUpperInvariant(),-8} {string.Join(", ", this.Alerts)}";

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
