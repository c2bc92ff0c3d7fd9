using System.Globalization;

namespace NutSharp.Http;

/// <summary>
/// PeaNUT turns a NUMBER variable's value into a JSON number with JavaScript's <c>+value</c> when
/// that is not NaN, and JSON.stringify writes it back in JavaScript's shortest form. These are the
/// same two steps, so the numbers read exactly as PeaNUT's: "230.0" gives 230, "0.50" gives 0.5,
/// " 12 " gives 12, "1e3" gives 1000.
/// </summary>
public static class JsNumber
{
    /// <summary>
    /// The JSON text of <c>JSON.stringify(+value)</c>, or null when <c>+value</c> is NaN (the value
    /// then stays a string). Infinity gives "null", as JSON.stringify writes it.
    /// </summary>
    public static string? ToJson(string value)
    {
        var text = value.AsSpan().Trim(" \t\n\v\f\r\u00a0\ufeff\u2028\u2029");
        if (text.IsEmpty) return "0"; // +"" is 0
        if (TryPrefixed(text, out double prefixed)) return Format(prefixed);
        var unsigned = text[0] is '+' or '-' ? text[1..] : text;
        if (unsigned.SequenceEqual("Infinity")) return "null";
        if (!IsDecimalLiteral(unsigned)) return null;
        return Format(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    /// <summary>0x.., 0o.., 0b.. (no sign allowed, as in JavaScript).</summary>
    private static bool TryPrefixed(ReadOnlySpan<char> text, out double number)
    {
        number = 0;
        if (text.Length < 3 || text[0] != '0') return false;
        int radix = char.ToLowerInvariant(text[1]) switch { 'x' => 16, 'o' => 8, 'b' => 2, _ => 0 };
        if (radix == 0) return false;
        foreach (char c in text[2..])
        {
            int digit = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : c is >= 'A' and <= 'F' ? c - 'A' + 10 : 99;
            if (digit >= radix) return false;
            number = number * radix + digit;
        }
        return true;
    }

    /// <summary>digits[.digits][e[+-]digits] or .digits[...] (JavaScript's StrUnsignedDecimalLiteral).</summary>
    private static bool IsDecimalLiteral(ReadOnlySpan<char> s)
    {
        int i = 0, digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; digits++; }
        }
        if (digits == 0) return false;
        if (i < s.Length && (s[i] is 'e' or 'E'))
        {
            i++;
            if (i < s.Length && (s[i] is '+' or '-')) i++;
            int exponentDigits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; exponentDigits++; }
            if (exponentDigits == 0) return false;
        }
        return i == s.Length;
    }

    /// <summary>JavaScript's Number::toString (ECMA-262 6.1.6.1.20) for a finite number; non-finite ones as JSON.stringify writes them.</summary>
    public static string Format(double number)
    {
        if (!double.IsFinite(number)) return "null";
        if (number == 0) return "0"; // -0 too
        // The shortest digits that read back as the same double (what "R" gives), then JavaScript's layout.
        string shortest = Math.Abs(number).ToString("R", CultureInfo.InvariantCulture);
        var (digits, exponent) = Decompose(shortest);
        int k = digits.Length, n = exponent;
        string sign = number < 0 ? "-" : "";
        if (k <= n && n <= 21) return sign + digits + new string('0', n - k);
        if (0 < n && n <= 21) return sign + digits[..n] + "." + digits[n..];
        if (-6 < n && n <= 0) return sign + "0." + new string('0', -n) + digits;
        string mantissa = k == 1 ? digits : digits[..1] + "." + digits[1..];
        int e = n - 1;
        return sign + mantissa + "e" + (e >= 0 ? "+" : "-") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Splits .NET's round-trip text into significant digits and the decimal exponent n (value = 0.digits × 10^n).</summary>
    private static (string Digits, int Exponent) Decompose(string roundTrip)
    {
        int e = roundTrip.IndexOfAny(['E', 'e']);
        string mantissa = e < 0 ? roundTrip : roundTrip[..e];
        int exponent = e < 0 ? 0 : int.Parse(roundTrip.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.');
        string integerPart = dot < 0 ? mantissa : mantissa[..dot];
        string fraction = dot < 0 ? "" : mantissa[(dot + 1)..];
        string all = integerPart + fraction;
        int n = integerPart.Length + exponent;
        // Leading zeros (0.000123) move the exponent; trailing zeros are not significant.
        int lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0') lead++;
        all = all[lead..];
        n -= lead;
        all = all.TrimEnd('0');
        if (all.Length == 0) all = "0";
        return (all, n);
    }
}
