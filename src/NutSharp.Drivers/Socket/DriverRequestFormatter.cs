using System.Text;
using NutSharp.Protocol;

namespace NutSharp.Drivers.Socket;

/// <summary>
/// Builds the lines upsd 2.8.0 writes to a driver socket for SET VAR and INSTCMD. upsd formats
/// them into 512-byte buffers (SMALLBUF) with snprintf, so an oversized request is cut at 511
/// bytes and then loses its newline; the escaped value is likewise cut to 511 bytes without
/// splitting an escape pair. Those limits are reproduced so the driver sees the same bytes.
/// </summary>
internal static class DriverRequestFormatter
{
    private const int SmallBuf = 512;

    /// <summary><c>SET &lt;name&gt; "&lt;escaped value&gt;"[ TRACKING &lt;id&gt;]\n</c></summary>
    public static byte[] Set(string name, string value, string? trackingId)
    {
        var line = new List<byte>(64);
        Append(line, "SET ");
        Append(line, name);
        Append(line, " \"");
        line.AddRange(EncodeTruncated(value));
        Append(line, "\"");
        return Finish(line, trackingId);
    }

    /// <summary><c>INSTCMD &lt;name&gt;[ &lt;escaped param&gt;][ TRACKING &lt;id&gt;]\n</c>; the parameter is escaped but not quoted.</summary>
    public static byte[] InstantCommand(string name, string? parameter, string? trackingId)
    {
        var line = new List<byte>(64);
        Append(line, "INSTCMD ");
        Append(line, name);
        if (parameter is not null)
        {
            Append(line, " ");
            line.AddRange(EncodeTruncated(parameter));
        }
        return Finish(line, trackingId);
    }

    private static byte[] Finish(List<byte> line, string? trackingId)
    {
        if (!string.IsNullOrEmpty(trackingId))
        {
            Append(line, " TRACKING ");
            Append(line, trackingId);
        }
        // snprintf keeps at most SmallBuf-1 bytes; the final "\n" only fits below that.
        if (line.Count > SmallBuf - 1) line.RemoveRange(SmallBuf - 1, line.Count - (SmallBuf - 1));
        if (line.Count < SmallBuf - 1) line.Add((byte)'\n');
        return [.. line];
    }

    /// <summary>pconf_encode into a SMALLBUF: stops when the next character (with its escape) no longer fits.</summary>
    private static byte[] EncodeTruncated(string raw)
    {
        var bytes = Encoding.Latin1.GetBytes(raw);
        return Escaping.Encode(bytes.AsSpan(0, Escaping.FittingPrefix(bytes, SmallBuf - 1)));
    }

    private static void Append(List<byte> line, string text) => line.AddRange(Encoding.Latin1.GetBytes(text));
}
