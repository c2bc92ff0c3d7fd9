namespace NutSharp.Protocol;

/// <summary>C library number parsing, where upsd's behaviour depends on it.</summary>
public static class CLib
{
    /// <summary>glibc atoi: optional blanks and sign, then leading digits; "137abc" is 137, "abc" is 0.</summary>
    public static int Atoi(string s)
    {
        int i = 0;
        while (i < s.Length && (s[i] is ' ' or '\t' or '\n' or '\r' or '\v' or '\f')) i++;
        bool negative = false;
        if (i < s.Length && (s[i] is '+' or '-')) { negative = s[i] == '-'; i++; }
        long value = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            value = value * 10 + (s[i] - '0');
            if (value > 1L << 40) break;
            i++;
        }
        if (negative) value = -value;
        return unchecked((int)value);
    }
}
