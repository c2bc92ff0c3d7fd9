namespace NutSharp.Drivers.TrippLite;

/// <summary>Tripp Lite's protocol-2012 report map, as far as the driver falls back on it.</summary>
public static class Protocol2012
{
    public static readonly IReadOnlyList<Protocol2012Item> Variables =
    [
        new("battery.charge", 0x34, 1, 1, 0),
        new("battery.runtime", 0x35, 2, 1, 0),
        new("battery.voltage", 0x20, 2, 0.1, 1),
        new("battery.voltage.nominal", 0x04, 1, 1, 1, ItemFlags.Static),
        new("input.voltage", 0x18, 2, 0.1, 1),
        new("input.voltage.nominal", 0x30, 1, 1, 0, ItemFlags.Static),
        new("input.frequency", 0x19, 2, 0.1, 1),
        new("output.voltage", 0x1b, 2, 0.1, 1),
        new("output.frequency", 0x1c, 2, 0.1, 1),
        new("output.frequency.nominal", 0x02, 1, 1, 0, ItemFlags.Static),
        new("output.voltage.nominal", 0x01, 1, 1, 0, ItemFlags.Static),
        new("ups.power.nominal", 0x03, 2, 1, 0, ItemFlags.Static),
        new("ups.realpower", 0x47, 2, 1, 0),
        new("ups.load", 0x1e, 1, 1, 0),
        new("ups.beeper.status", 0x11, 1, 1, 0, Conversion: Conversion.Beeper),
        new("ups.timer.shutdown", 0x15, 2, 1, 0, ItemFlags.QuickPoll),
    ];

    /// <summary>Report 50 (0x32), PresentStatus, bit by bit (bit 0 first).</summary>
    public const byte StatusReport = 0x32;

    public static readonly IReadOnlyList<StatusBits> StatusBitsInOrder =
    [
        StatusBits.ShutdownImminent, StatusBits.Online, StatusBits.Charging, StatusBits.Discharging,
        StatusBits.ReplaceBattery, StatusBits.LowBattery, StatusBits.FullyCharged, StatusBits.Depleted,
    ];
}
