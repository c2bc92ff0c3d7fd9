using System.Globalization;
using System.Numerics;
using System.Text;

namespace NutSharp.Drivers.Enphase;

/// <summary>
/// The script's number formatting, to the digit: bash's <c>printf "%.1f"</c>/<c>"%.2f"</c> of jq's
/// number text, its <c>int100</c> (hundredths as an integer) and its truncating integer division.
/// </summary>
/// <remarks>
/// bash parses the text into an x87 80-bit long double (64-bit significand, to nearest, ties to
/// even) and glibc then rounds that exact binary value half-to-even. Rounding the decimal text
/// directly would differ at about 5 % of two-decimal ties (reference/enphase.md §8), so the two
/// steps are done here exactly, with big integers.
/// </remarks>
public static class ScriptNumbers
{
    /// <summary>jq's text for a JSON number: the shortest form that reads back as the same double (<c>60.0</c> → <c>60</c>).</summary>
    public static string JqText(double value) => value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);

    /// <summary>bash <c>printf "%.Nf"</c> of <paramref name="text"/>; text that is not a number counts as 0, as bash's printf takes it.</summary>
    public static string Fixed(string? text, int decimals)
    {
        if (!TryParseDecimal(text, out bool negative, out var digits, out int exponent)) { negative = false; digits = 0; exponent = 0; }
        BigInteger scaled = digits.IsZero ? BigInteger.Zero : RoundToLongDouble(digits, exponent, decimals);
        var body = scaled.ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        var result = new StringBuilder();
        if (negative) result.Append('-');
        result.Append(body, 0, body.Length - decimals);
        if (decimals > 0) result.Append('.').Append(body, body.Length - decimals, decimals);
        return result.ToString();
    }

    /// <summary>The script's <c>int100</c>: the digits of <c>printf "%.2f"</c> without the point (<c>248.4</c> → 24840, <c>-0.0</c> → 0).</summary>
    public static long Int100(string? text)
    {
        var fixedText = Fixed(text, 2);
        return long.Parse(fixedText.Replace(".", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The script's <c>idiv2float</c>: <paramref name="a"/>/<paramref name="b"/> truncated toward zero to
    /// <paramref name="decimals"/> places, the sign written separately (so -0.00 can appear); 0 when b is 0.
    /// </summary>
    public static string Divide(int decimals, long a, long b)
    {
        if (b == 0) return Fixed("0", decimals);
        bool negative = (a < 0) != (b < 0);
        var x = BigInteger.Abs(a);
        var y = BigInteger.Abs(b);
        var whole = x / y;
        var fraction = (x % y) * BigInteger.Pow(10, decimals) / y;
        var text = (negative ? "-" : "") + whole.ToString(CultureInfo.InvariantCulture);
        return decimals == 0 ? text : text + "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0');
    }

    /// <summary>
    /// |digits × 10^exponent| rounded first to a 64-bit binary significand (ties to even), then
    /// that binary value × 10^decimals rounded half-to-even to an integer.
    /// </summary>
    private static BigInteger RoundToLongDouble(BigInteger digits, int exponent, int decimals)
    {
        BigInteger numerator = exponent >= 0 ? digits * BigInteger.Pow(10, exponent) : digits;
        BigInteger denominator = exponent >= 0 ? BigInteger.One : BigInteger.Pow(10, -exponent);
        // Find e with 2^63 <= value / 2^e < 2^64.
        long e = (long)(numerator.GetBitLength() - denominator.GetBitLength()) - 64;
        BigInteger quotient, remainder, divisor;
        while (true)
        {
            BigInteger n = e < 0 ? numerator << (int)-e : numerator;
            divisor = e > 0 ? denominator << (int)e : denominator;
            quotient = BigInteger.DivRem(n, divisor, out remainder);
            if (quotient.GetBitLength() > 64) { e++; continue; }
            if (quotient.GetBitLength() < 64) { e--; continue; }
            break;
        }
        quotient = RoundHalfEven(quotient, remainder, divisor);
        // value = quotient × 2^e, exactly; now × 10^decimals, rounded half-to-even.
        BigInteger scaled = quotient * BigInteger.Pow(10, decimals);
        if (e >= 0) return scaled << (int)e;
        var twoPower = BigInteger.One << (int)-e;
        var result = BigInteger.DivRem(scaled, twoPower, out var rest);
        return RoundHalfEven(result, rest, twoPower);
    }

    private static BigInteger RoundHalfEven(BigInteger quotient, BigInteger remainder, BigInteger divisor)
    {
        int compare = (remainder * 2).CompareTo(divisor);
        return compare > 0 || (compare == 0 && !quotient.IsEven) ? quotient + 1 : quotient;
    }

    /// <summary>
    /// The leading number of <paramref name="text"/> (decimal, optional sign and exponent), as
    /// bash's printf reads it; false when there is none (printf then prints 0).
    /// </summary>
    private static bool TryParseDecimal(string? text, out bool negative, out BigInteger digits, out int exponent)
    {
        negative = false;
        digits = BigInteger.Zero;
        exponent = 0;
        if (string.IsNullOrEmpty(text)) return false;
        var s = text.Trim().Replace(',', '.');
        int i = 0;
        if (i < s.Length && s[i] is '+' or '-') negative = s[i++] == '-';
        var mantissa = new StringBuilder();
        bool any = false;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { mantissa.Append(s[i++]); any = true; }
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { mantissa.Append(s[i++]); exponent--; any = true; }
        }
        if (!any) { negative = false; return false; }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            int j = i + 1;
            bool expNegative = false;
            if (j < s.Length && s[j] is '+' or '-') expNegative = s[j++] == '-';
            int start = j;
            while (j < s.Length && char.IsAsciiDigit(s[j])) j++;
            if (j > start && int.TryParse(s.AsSpan(start, j - start), NumberStyles.None, CultureInfo.InvariantCulture, out int exp))
                exponent += expNegative ? -exp : exp;
        }
        digits = BigInteger.Parse(mantissa.ToString(), CultureInfo.InvariantCulture);
        return true;
    }
}
