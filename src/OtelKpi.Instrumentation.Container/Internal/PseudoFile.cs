using System.Buffers;
using System.Globalization;
using System.Text;

namespace OtelKpi.Instrumentation.Container.Internal;

/// <summary>
/// Reads and parses the small text files of /proc and /sys/fs/cgroup. Every method
/// returns null on a missing, unreadable or malformed file instead of throwing,
/// because callers run inside metric collection callbacks; the reading overload with an
/// error says why, for the log.
/// </summary>
internal static class PseudoFile
{
    private const int InitialReadBytes = 4096;

    public static string? TryRead(string path) => TryRead(path, out _);

    public static string? TryRead(string path, out string? error)
    {
        error = null;
        try
        {
            // Unbuffered, into a pooled array: these files are small and read once per collection, and
            // File.ReadAllText's stream and reader buffers (about 8 KB a file) were most of a collection's garbage.
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            var buffer = ArrayPool<byte>.Shared.Rent(InitialReadBytes);
            try
            {
                // Pseudo-files report a length of 0 and are generated as they are read: read to the end.
                var length = 0;
                int read;
                while ((read = file.Read(buffer, length, buffer.Length - length)) > 0)
                {
                    length += read;
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                }

                return Encoding.UTF8.GetString(buffer, 0, length);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            error = "it does not exist";
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"{e.GetType().Name}: {e.Message}";
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
