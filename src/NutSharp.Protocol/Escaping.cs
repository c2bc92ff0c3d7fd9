using System.Text;

namespace NutSharp.Protocol;

/// <summary>
/// NUT's <c>pconf_encode</c>: a backslash before each <c>\</c>, <c>"</c> and <c>#</c>, nothing else.
/// Used for values sent inside quotes, to clients and to drivers.
/// </summary>
public static class Escaping
{
    public static bool NeedsEscape(ReadOnlySpan<byte> raw) => raw.IndexOfAny((byte)'\\', (byte)'"', (byte)'#') >= 0;

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
