using System.Globalization;
using System.Text;

namespace NutSharp.Drivers.Hid;

/// <summary>Bytes as recordings write them: two hex digits each, separated by spaces (any whitespace accepted on reading).</summary>
public static class Hex
{
    public static byte[] Parse(string text, string what)
    {
        var digits = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c)) continue;
            if (!char.IsAsciiHexDigit(c)) throw new FormatException($"{what}: '{c}' is not a hex digit");
            digits.Append(c);
        }
        if (digits.Length % 2 != 0) throw new FormatException($"{what}: an odd number of hex digits");
        return Convert.FromHexString(digits.ToString());
    }

    public static string Format(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length * 3);
        foreach (byte b in bytes)
        {
            if (text.Length > 0) text.Append(' ');
            text.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }
}
