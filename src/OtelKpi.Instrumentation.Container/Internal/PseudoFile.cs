using System.Globalization;

namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>
/// Reads and parses the small text files of /proc and /sys/fs/cgroup. Every method
/// returns null on a missing, unreadable or malformed file instead of throwing,
/// because callers run inside metric collection callbacks.
/// </summary>
internal static class PseudoFile
{
    public static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    public static long? ReadLong(string path) => ParseLong(TryRead(path));

    public static long? ParseLong(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
    }

    /// <summary>Finds <paramref name="key"/> in "key value" lines (cpu.stat, memory.stat, meminfo).</summary>
    public static long? FindValue(string? content, string key)
    {
        if (content is null)
        {
            return null;
        }

        foreach (var line in content.AsSpan().EnumerateLines())
        {
            var trimmed = line.TrimStart();
            if (!trimmed.StartsWith(key, StringComparison.Ordinal) || trimmed.Length == key.Length)
            {
                continue;
            }

            var rest = trimmed[key.Length..];
            if (rest[0] == ':')
            {
                rest = rest[1..];
            }
            else if (!char.IsWhiteSpace(rest[0]))
            {
                continue; // a longer key that starts with the same text
            }

            rest = rest.Trim();
            var end = rest.IndexOf(' ');
            var number = end < 0 ? rest : rest[..end];
            return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        }

        return null;
    }
}
