namespace NutSharp.Drivers.Hid;

/// <summary>The HID unit codes a Power Device uses (HID 1.11 §6.2.2.7, SI linear system).</summary>
public static class HidUnits
{
    public const uint None = 0;
    public const uint Volt = 0x00F0D121;

    /// <summary>Watt and volt-ampere share one code.</summary>
    public const uint Watt = 0x0000D121;

    public const uint Ampere = 0x00100001;
    public const uint Second = 0x00001001;
    public const uint Hertz = 0x0000F001;
    public const uint Kelvin = 0x00010001;
}
