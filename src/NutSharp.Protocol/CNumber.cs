using System.Text;

namespace NutSharp.Protocol;

/// <summary>
/// The C library's decimal conversions, where NUT's behaviour depends on them (driver messages,
/// SET against a RANGE, dummy-ups TIMER lines): leading
/// whitespace and a sign are accepted, digits are read until the first non-digit, and anything
/// unreadable is 0 (<c>"137abc"</c> is 137, <c>"abc"</c> is 0). Nothing here ever fails.
/// </summary>
public static class CNumber
{
    /// <summary><c>strtol(s, NULL, 10)</c> on a 64-bit <c>long</c>: clamps to the long range on overflow.</summary>
    public static long StrToLong(ReadOnlySpan<byte> text)
    {
        int i = 0;
        while (i < text.Length && IsCSpace(text[i])) i++;
        bool negative = false;
        if (i < text.Length && text[i] is (byte)'+' or (byte)'-')
        {
            negative = text[i] == (byte)'-';
            i++;
        }
        // Accumulate as a negative number so long.MinValue is reachable without overflow.
        long value = 0;
        bool overflow = false;
        for (; i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9'; i++)
        {
            int digit = text[i] - '0';
            if (overflow) continue;
            if (value < (long.MinValue + digit) / 10) { overflow = true; continue; }
            value = value * 10 - digit;
        }
        if (overflow) return negative ? long.MinValue : long.MaxValue;
        if (negative) return value;
        return value == long.MinValue ? long.MaxValue : -value;
    }

    /// <summary>glibc's <c>atoi</c>: <c>(int)strtol(s, NULL, 10)</c>, so out-of-range values wrap.</summary>
    public static int Atoi(ReadOnlySpan<byte> text) => unchecked((int)StrToLong(text));

    /// <summary><c>strtol</c> for a value kept as <c>int</c> here (upsd keeps STRING aux in a long): clamped.</summary>
    public static int StrToLongClamped(ReadOnlySpan<byte> text) => (int)Math.Clamp(StrToLong(text), int.MinValue, int.MaxValue);

    public static long StrToLong(string text) => StrToLong(Encoding.ASCII.GetBytes(text));

    public static int Atoi(string text) => Atoi(Encoding.ASCII.GetBytes(text));

    public static int StrToLongClamped(string text) => StrToLongClamped(Encoding.ASCII.GetBytes(text));

    private static bool IsCSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or 0x0B or 0x0C or (byte)'\r';
}
