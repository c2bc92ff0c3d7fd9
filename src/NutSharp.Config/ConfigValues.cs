namespace NutSharp.Config;

/// <summary>How upsd reads numbers and booleans out of config words.</summary>
internal static class ConfigValues
{
    /// <summary>
    /// upsd accepts a value whose first character is a digit and then takes atoi of it, so
    /// <c>15s</c> means 15. Anything not starting with a digit is refused.
    /// </summary>
    public static bool TryParseNumber(string word, out int value)
    {
        value = 0;
        if (word.Length == 0 || !char.IsAsciiDigit(word[0])) return false;
        long total = 0;
        foreach (char c in word)
        {
            if (!char.IsAsciiDigit(c)) break;
            total = total * 10 + (c - '0');
            // atoi's overflow is undefined; saturating keeps "a very large number" meaning large.
            if (total > int.MaxValue) { value = int.MaxValue; return true; }
        }
        value = (int)total;
        return true;
    }

    /// <summary>true/on/yes, false/off/no (any case), or a number where non-zero means true.</summary>
    public static bool TryParseBool(string word, out bool value)
    {
        if (TryParseNumber(word, out int number))
        {
            value = number != 0;
            return true;
        }
        if (word.Equals("true", StringComparison.OrdinalIgnoreCase)
            || word.Equals("on", StringComparison.OrdinalIgnoreCase)
            || word.Equals("yes", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
            return true;
        }
        if (word.Equals("false", StringComparison.OrdinalIgnoreCase)
            || word.Equals("off", StringComparison.OrdinalIgnoreCase)
            || word.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            value = false;
            return true;
        }
        value = false;
        return false;
    }
}
