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

    /// <summary>
    /// ALLOW_NO_DEVICE's rule: a word starting with a digit is a number (non-zero means true),
    /// else true/on/yes or false/off/no in any case.
    /// </summary>
    public static bool TryParseBool(string word, out bool value)
    {
        if (TryParseNumber(word, out int number))
        {
            value = number != 0;
            return true;
        }
        return TryParseBooleanWord(word, out value);
    }

    /// <summary>upsd's parse_boolean: exactly true/on/yes/1 or false/off/no/0, in any case.</summary>
    public static bool TryParseBooleanWord(string word, out bool value)
    {
        if (word == "1")
        {
            value = true;
            return true;
        }
        if (word == "0")
        {
            value = false;
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

    /// <summary>
    /// A whole decimal number and nothing else (an optional sign, surrounding spaces allowed), as
    /// NUT's str_to_int checks DEBUG_MIN.
    /// </summary>
    public static bool TryParseStrictInt(string word, out int value) =>
        int.TryParse(word, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowLeadingWhite
            | System.Globalization.NumberStyles.AllowTrailingWhite, System.Globalization.CultureInfo.InvariantCulture, out value);
}
