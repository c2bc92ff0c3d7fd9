using NutSharp.Drivers.Enphase;

namespace NutSharp.Tests.Enphase;

/// <summary>The script's number formatting and formulas, with the test vectors of reference/enphase.md §8.</summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ScriptNumbersTests
{
    // Ties where bash's printf (x87 long double, then exact half-to-even) and decimal rounding disagree.
    [TestCase("0.05", 1, "0.1")]
    [TestCase("-0.05", 1, "-0.1")]
    [TestCase("0.35", 1, "0.3")]
    [TestCase("1.450", 1, "1.5")]
    [TestCase("1.550", 1, "1.5")]
    [TestCase("2.450", 1, "2.5")]
    [TestCase("50.450", 1, "50.5")]
    [TestCase("120.350", 1, "120.3")]
    [TestCase("120.650", 1, "120.7")]
    [TestCase("123.950", 1, "123.9")]
    [TestCase("-1201.050", 1, "-1201.1")]
    [TestCase("-1201.950", 1, "-1201.9")]
    [TestCase("0.025", 2, "0.03")]
    [TestCase("0.045", 2, "0.05")]
    [TestCase("0.415", 2, "0.41")]
    [TestCase("0.655", 2, "0.65")]
    [TestCase("-1.015", 2, "-1.01")]
    [TestCase("-1.365", 2, "-1.37")]
    [TestCase("-290.665", 2, "-290.67")]
    [TestCase("-1201.495", 2, "-1201.49")]
    // Other rules: exact binary ties go to even, -0 keeps its sign, null/missing is 0.
    [TestCase("0.25", 1, "0.2")]
    [TestCase("123.25", 1, "123.2")]
    [TestCase("0.125", 2, "0.12")]
    [TestCase("2.675", 2, "2.67")]
    [TestCase("-0.04", 1, "-0.0")]
    [TestCase("60", 1, "60.0")]
    [TestCase("1", 2, "1.00")]
    [TestCase(null, 1, "0.0")]
    [TestCase("", 2, "0.00")]
    public void Fixed_rounds_as_bash_printf_on_x86_64(string? text, int decimals, string expected) =>
        Assert.That(ScriptNumbers.Fixed(text, decimals), Is.EqualTo(expected));

    [TestCase("248.4", 24840)]
    [TestCase("-0.0", 0)]
    [TestCase("0.05", 5)]
    [TestCase("47.5", 4750)]
    [TestCase("-120.5", -12050)]
    public void Int100_is_the_hundredths_as_an_integer(string text, long expected) =>
        Assert.That(ScriptNumbers.Int100(text), Is.EqualTo(expected));

    [TestCase(2, -120150, 24850, "-4.83")]
    [TestCase(2, 17340, 24840, "0.69")]
    [TestCase(2, 5, 0, "0.00")]
    [TestCase(1, 306940, 384000, "0.7")]
    [TestCase(2, -1, 24850, "-0.00")]
    public void Divide_truncates_toward_zero_with_the_sign_apart(int decimals, long a, long b, string expected) =>
        Assert.That(ScriptNumbers.Divide(decimals, a, b), Is.EqualTo(expected));

    [TestCase("100", "86.4", "86.4")]
    [TestCase("90", "86.4", "84.0")]
    [TestCase("47.5", "86.4", "78.7")]
    [TestCase("20", "86.4", "74.4")]
    [TestCase("19", "86.4", "73.9")]
    [TestCase("5", "86.4", "64.8")]
    [TestCase("0", "86.4", "60.0")]
    [TestCase("105", "86.4", "86.8")]
    [TestCase("100", "57.6", "57.6")]
    [TestCase("90", "57.6", "56.0")]
    [TestCase("20", "57.6", "49.6")]
    [TestCase("5", "57.6", "43.2")]
    public void Battery_voltage_follows_the_lithium_iron_phosphate_curve_scaled_to_voltage_high(string charge, string high, string expected) =>
        Assert.That(EnphasePortFile.BatteryVoltage(charge, high), Is.EqualTo(expected));

    [TestCase(306940, 10000, 1000, 5000, 5277)]
    [TestCase(0, 10000, 1000, 5000, 172800)]
    [TestCase(-5, 10000, 1000, 5000, 172800)]
    [TestCase(306940, 500, 1000, 5000, 0)]
    [TestCase(10, 10000, 1000, 5000, 172800)]
    public void Runtime_counts_down_to_the_restart_level_and_is_capped_at_two_days(long outp, long soc, long restart, long capacity, long expected) =>
        Assert.That(EnphasePortFile.Runtime(outp, soc, restart, capacity), Is.EqualTo(expected));
}
