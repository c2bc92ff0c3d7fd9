namespace NutSharp.Drivers.TrippLite;

/// <summary>usbhid-ups' internal status flags (status_info[] in drivers/usbhid-ups.c), recorded from the PresentStatus bits before they become NUT tokens.</summary>
[Flags]
public enum StatusBits
{
    None = 0,
    Online = 1 << 0,
    Discharging = 1 << 1,
    Charging = 1 << 2,
    LowBattery = 1 << 3,
    Overload = 1 << 4,
    ReplaceBattery = 1 << 5,
    ShutdownImminent = 1 << 6,
    Trim = 1 << 7,
    Boost = 1 << 8,
    Overheat = 1 << 9,
    CommFault = 1 << 10,
    Depleted = 1 << 11,
    FullyCharged = 1 << 12,
    AwaitingPower = 1 << 13,
    VoltageOutOfRange = 1 << 14,
}
