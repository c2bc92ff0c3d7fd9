using System.Text;

namespace NutSharp.Protocol;

/// <summary>
/// NUT's <c>pconf_encode</c>: a backslash before each <c>\</c>, <c>"</c> and <c>#</c>, nothing else.
/// Used for values sent inside quotes, to clients and to drivers.
/// </summary>
public static class Escaping
{
    public static bool NeedsEscape(ReadOnlySpan<byte> raw) => raw.IndexOfAny((byte)'\\', (byte)'"', (byte)'#') >= 0;

    /// <summary>
    /// How many bytes of <paramref name="raw"/> pconf_encode writes into a buffer with room for
    /// <paramref name="maxEncodedBytes"/>: it stops before the first character that, with its
    /// escape, no longer fits, so an escape pair is never cut (upsd's 256-byte value buffers and
    /// 512-byte driver lines).
    /// </summary>
    public static int FittingPrefix(ReadOnlySpan<byte> raw, int maxEncodedBytes)
    {
        int encoded = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            encoded += raw[i] is (byte)'\\' or (byte)'"' or (byte)'#' ? 2 : 1;
            if (encoded > maxEncodedBytes) return i;
        }
        return raw.Length;
    }

    public static byte[] Encode(ReadOnlySpan<byte> raw)
    {
        if (!NeedsEscape(raw)) return raw.ToArray();
        var result = new List<byte>(raw.Length + 8);
        foreach (var c in raw)
        {
            if (c is (byte)'\\' or (byte)'"' or (byte)'#') result.Add((byte)'\\');
            result.Add(c);
        }
        return result.ToArray();
    }

    public static string Encode(string raw)
    {
        if (raw.IndexOfAny(['\\', '"', '#']) < 0) return raw;
        var sb = new StringBuilder(raw.Length + 8);
        foreach (var c in raw)
        {
            if (c is '\\' or '"' or '#') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
