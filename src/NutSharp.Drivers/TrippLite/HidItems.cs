namespace NutSharp.Drivers.TrippLite;

/// <summary>When usbhid-ups reads an item (drivers/usbhid-ups.h, HU_FLAG_*).</summary>
[Flags]
public enum ItemFlags : byte
{
    /// <summary>Read at every full update (every <c>pollfreq</c>).</summary>
    None = 0,

    /// <summary>Read once, at connection (HU_FLAG_STATIC).</summary>
    Static = 1,

    /// <summary>Read at connection and again after a SET or INSTCMD (HU_FLAG_SEMI_STATIC).</summary>
    SemiStatic = 2,

    /// <summary>Read at every poll too, not only at full updates (HU_FLAG_QUICK_POLL).</summary>
    QuickPoll = 4,

    /// <summary>Not read from the device: a NUT-side setting published when the device has the path (HU_FLAG_ABSENT).</summary>
    Absent = 8,
}

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

/// <summary>One NUT variable read from one HID path (a row of tripplite-hid's hid2nut table).</summary>
/// <param name="Decimals">0 for NUT's "%.0f", 1 for "%.1f".</param>
/// <param name="WritableLength">For ST_FLAG_RW variables: the STRING length NUT declares (5 or 10); 0 when read-only.</param>
/// <param name="Default">For <see cref="ItemFlags.Absent"/> items: the NUT-side default.</param>
public sealed record VariableItem(
    string Variable, string Path, int Decimals, ItemFlags Flags = ItemFlags.None, Conversion Conversion = Conversion.None,
    int WritableLength = 0, string? Default = null);

/// <summary>A PresentStatus bit and the internal status flag it drives (a BOOL row of hid2nut).</summary>
public sealed record StatusItem(string Path, StatusBits Bit, ItemFlags Flags = ItemFlags.None);

/// <summary>An instant command: a value written into one HID field.</summary>
/// <param name="Value">What is written when the client gives no parameter.</param>
public sealed record CommandItem(string Command, string Path, string Value);
