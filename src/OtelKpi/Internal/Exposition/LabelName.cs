using System.Text;

namespace OtelKpi.Internal.Exposition;

/// <summary>
/// A label name from an attribute key: characters outside <c>[A-Za-z0-9_]</c> become one underscore (none after an
/// underscore), a leading digit gets an underscore before it, an empty key is <c>_</c>.
/// </summary>
internal static class LabelName
{
    /// <summary>Writes the label name of <paramref name="key"/>, allocating nothing.</summary>
    public static void Write(ExpositionBuffer buffer, string key)
    {
        var written = Translate(key, buffer.Reserve(key.Length + 1));
        buffer.Advance(written);
    }

    public static string Of(string key)
    {
        var name = key.Length < 256 ? stackalloc byte[key.Length + 1] : new byte[key.Length + 1];
        return Encoding.ASCII.GetString(name[..Translate(key, name)]);
    }

    private static int Translate(string key, Span<byte> name)
    {
        if (string.IsNullOrEmpty(key))
        {
            name[0] = (byte)'_';
            return 1;
        }

        var length = 0;
        var afterUnderscore = false;
        if (char.IsAsciiDigit(key[0]))
        {
            name[length++] = (byte)'_';
            afterUnderscore = true;
        }

        foreach (var c in key)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                name[length++] = (byte)c;
                afterUnderscore = c == '_';
            }
            else if (!afterUnderscore)
            {
                name[length++] = (byte)'_';
                afterUnderscore = true;
            }
        }

        return length;
    }
}
