namespace OtelKpi.KpiView.View;

/// <summary>
/// How statuses are shown: on a terminal in colour with a symbol; otherwise (a file, a pipe) as plain words, so a
/// breach stays visible in a log.
/// </summary>
internal sealed class TerminalStyle
{
    private TerminalStyle(bool colour) => this.Colour = colour;

    /// <summary>ANSI colours and symbols.</summary>
    public static TerminalStyle Ansi { get; } = new(true);

    /// <summary>Plain text.</summary>
    public static TerminalStyle Plain { get; } = new(false);

    /// <summary>True when ANSI colours are written.</summary>
    public bool Colour { get; }

    /// <summary>The status marker, always seven columns wide.</summary>
    public string Mark(KpiStatus status) => (status, this.Colour) switch
    {
        (KpiStatus.Breach, true) => "\u001b[1;31m✖ BREACH\u001b[0m",
        (KpiStatus.Warning, true) => "\u001b[33m▲ warn  \u001b[0m",
        (KpiStatus.Ok, true) => "\u001b[32m✔ ok    \u001b[0m",
        (KpiStatus.Breach, false) => "BREACH  ",
        (KpiStatus.Warning, false) => "warn    ",
        (KpiStatus.Ok, false) => "ok      ",
        _ => "        ",
    };

    /// <summary>The text in the status' colour (breach red, warning yellow), or as it is.</summary>
    public string Tint(KpiStatus status, string text) => !this.Colour ? text : status switch
    {
        KpiStatus.Breach => "\u001b[1;31m" + text + "\u001b[0m",
        KpiStatus.Warning => "\u001b[33m" + text + "\u001b[0m",
        _ => text,
    };

    /// <summary>Bold on a terminal.</summary>
    public string Strong(string text) => this.Colour ? "\u001b[1m" + text + "\u001b[0m" : text;

    /// <summary>Dim on a terminal.</summary>
    public string Weak(string text) => this.Colour ? "\u001b[2m" + text + "\u001b[0m" : text;
}
