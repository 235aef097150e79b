namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>
/// Reads the files behind the exported series during a collection. A file that cannot be read, or whose content
/// is not what the kernel writes, gives a missing value and a report to the rate-limited failure log: never an
/// exception, never silence.
/// </summary>
internal sealed class SourceFiles(ReadFailureLog failures)
{
    public ReadFailureLog Failures => failures;

    /// <summary>The file's content; null (reported) when it cannot be read, null (silent) when <paramref name="path"/> is null.</summary>
    public string? Read(string? path, string series)
    {
        if (path is null)
        {
            return null;
        }

        var content = PseudoFile.TryRead(path, out var error);
        if (content is null)
        {
            failures.Report(path, series, error ?? "unreadable");
        }

        return content;
    }

    /// <summary>A file holding one integer (cpuacct.usage, memory.current).</summary>
    public long? ReadLong(string? path, string series)
    {
        var content = this.Read(path, series);
        if (content is null)
        {
            return null;
        }

        var value = PseudoFile.ParseLong(content);
        if (value is null)
        {
            this.Malformed(path!, series, content);
        }

        return value;
    }

    /// <summary>The value of <paramref name="key"/> in a "key value" file already read (cpu.stat, memory.stat).</summary>
    public long? Value(string? content, string path, string key, string series)
    {
        if (content is null)
        {
            return null;
        }

        var value = PseudoFile.FindValue(content, key);
        if (value is null)
        {
            failures.Report(path, series, $"it has no readable '{key}' line");
        }

        return value;
    }

    public void Malformed(string path, string series, string content) =>
        failures.Report(path, series, $"unexpected content '{Excerpt(content)}'");

    private static string Excerpt(string content)
    {
        var trimmed = content.Trim().ReplaceLineEndings(" ");
        return trimmed.Length <= 60 ? trimmed : trimmed[..60] + "...";
    }
}
