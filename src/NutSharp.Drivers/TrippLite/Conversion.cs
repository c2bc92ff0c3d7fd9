namespace NutSharp.Drivers.TrippLite;

/// <summary>How a physical value becomes the published text.</summary>
public enum Conversion : byte
{
    None,

    /// <summary>× the product's battery scale (tripplite_battvolt_fun).</summary>
    Battery,

    /// <summary>× the product's I/O voltage scale (tripplite_iovolt_fun).</summary>
    IoVoltage,

    /// <summary>× the product's I/O frequency scale.</summary>
    IoFrequency,

    /// <summary>× the product's I/O current scale.</summary>
    IoCurrent,

    /// <summary>Kelvin to degrees Celsius (kelvin_celsius_conversion).</summary>
    KelvinToCelsius,

    /// <summary>1 disabled, 2 enabled, 3 muted (beeper_info).</summary>
    Beeper,

    /// <summary>ups.test.result texts (test_read_info).</summary>
    TestResult,
}
