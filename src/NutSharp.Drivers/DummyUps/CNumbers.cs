namespace NutSharp.Drivers.DummyUps;

/// <summary>C's lenient number reading, which the file format inherits (<c>TIMER 2.9</c> is 2, <c>TIMER abc</c> is 0).</summary>
public static class CNumbers
{
    /// <summary>
    /// <c>atoi</c>/<c>strtol(s, NULL, 10)</c>: leading white space, an optional sign, then as many
    /// decimal digits as there are; anything else ends the number. Out-of-range values saturate.
    /// </summary>
    public static long ParseLeadingInteger(string text)
    {
        int i = 0;
        while (i < text.Length && text[i] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r') i++;
        bool negative = false;
        if (i < text.Length && text[i] is '+' or '-') negative = text[i++] == '-';
        long value = 0;
        for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
        {
            int digit = text[i] - '0';
            if (value > (long.MaxValue - digit) / 10) return negative ? long.MinValue : long.MaxValue;
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    /// <summary><c>atoi</c> with the result clamped to <see cref="int"/>.</summary>
    public static int Atoi(string text) => (int)Math.Clamp(ParseLeadingInteger(text), int.MinValue, int.MaxValue);
}
