namespace NutSharp.Drivers.TrippLite;

/// <summary>
/// What NUT 2.8.0's tripplite-hid subdriver reads (drivers/tripplite-hid.c, "TrippLite HID 0.84"),
/// written with NutSharp's path names: usages without a name in the Power Device tables appear as
/// 8 hex digits (TLCustom is <c>ffff0010</c>, TLWatchdog <c>ffff0092</c>), and vendor collections
/// get no <c>[1]</c> node. Where several rows give one variable, the first path the descriptor has
/// wins, as in NUT's initial walk.
/// </summary>
/// <remarks>
/// Deliberate difference: ActivePower is published as <c>ups.realpower</c> (W), not <c>ups.power</c>
/// (VA): NUT issue #3580 / PR #3581 corrected this after 2.8.0.
/// </remarks>
public static class TrippLiteTable
{
    /// <summary>NUT's DEFAULT_OFFDELAY and DEFAULT_ONDELAY (usbhid-ups.h).</summary>
    public const string DefaultOffDelay = "20", DefaultOnDelay = "30";

    public static readonly IReadOnlyList<VariableItem> Variables =
    [
        new("battery.charge", "UPS.PowerSummary.RemainingCapacity", 0),
        new("battery.charge", "UPS.BatterySystem.Battery.RemainingCapacity", 0),
        new("battery.charge.low", "UPS.PowerSummary.RemainingCapacityLimit", 0, ItemFlags.SemiStatic, WritableLength: 5),
        new("battery.charge.warning", "UPS.PowerSummary.WarningCapacityLimit", 0),
        new("battery.runtime", "UPS.PowerSummary.RunTimeToEmpty", 0),
        new("battery.voltage.nominal", "UPS.BatterySystem.Battery.ConfigVoltage", 1, ItemFlags.Static),
        new("battery.voltage", "UPS.BatterySystem.Battery.Voltage", 1, Conversion: Conversion.Battery),
        new("battery.temperature", "UPS.BatterySystem.Temperature", 1, Conversion: Conversion.KelvinToCelsius),

        new("ups.delay.start", "UPS.OutletSystem.Outlet.DelayBeforeStartup", 0, ItemFlags.Absent, WritableLength: 10, Default: DefaultOnDelay),
        new("ups.delay.start", "UPS.OutletSystem.Outlet.ffff0056", 0, ItemFlags.Absent, WritableLength: 10, Default: DefaultOnDelay),
        new("ups.delay.shutdown", "UPS.OutletSystem.Outlet.DelayBeforeShutdown", 0, ItemFlags.Absent, WritableLength: 10, Default: DefaultOffDelay),
        new("ups.timer.start", "UPS.OutletSystem.Outlet.DelayBeforeStartup", 0, ItemFlags.QuickPoll),
        new("ups.timer.start", "UPS.OutletSystem.Outlet.ffff0056", 0, ItemFlags.QuickPoll),
        new("ups.timer.shutdown", "UPS.OutletSystem.Outlet.DelayBeforeShutdown", 0, ItemFlags.QuickPoll),
        new("ups.timer.reboot", "UPS.OutletSystem.Outlet.DelayBeforeReboot", 0, ItemFlags.QuickPoll),
        new("ups.test.result", "UPS.BatterySystem.Test", 0, Conversion: Conversion.TestResult),
        new("ups.test.result", "UPS.BatterySystem.Battery.Test", 0, Conversion: Conversion.TestResult),
        new("ups.beeper.status", "UPS.PowerSummary.AudibleAlarmControl", 0, Conversion: Conversion.Beeper),
        new("ups.power.nominal", "UPS.Flow.ConfigApparentPower", 0, ItemFlags.Static),
        new("ups.realpower", "UPS.OutletSystem.Outlet.ActivePower", 0),
        new("ups.realpower", "UPS.PowerConverter.Output.ActivePower", 0),
        new("ups.load", "UPS.OutletSystem.Outlet.PercentLoad", 0),
        new("ups.firmware", "UPS.ffff0010.ffff007c", 0, ItemFlags.Static),
        new("ups.watchdog.status", "UPS.OutletSystem.Outlet.ffff0092", 0),
        new("ups.load.nominal", "UPS.Flow.ConfigPercentLoad", 0),

        new("input.voltage.nominal", "UPS.PowerSummary.Input.ConfigVoltage", 0, ItemFlags.Static),
        new("input.voltage", "UPS.PowerSummary.Input.Voltage", 1, Conversion: Conversion.IoVoltage),
        new("input.voltage", "UPS.PowerConverter.Input.Voltage", 1, Conversion: Conversion.IoVoltage),
        new("input.frequency", "UPS.PowerConverter.Input.Frequency", 1, Conversion: Conversion.IoFrequency),
        new("input.transfer.low", "UPS.PowerConverter.Output.LowVoltageTransfer", 1, ItemFlags.SemiStatic, WritableLength: 5),
        new("input.transfer.low.max", "UPS.PowerConverter.Output.ffff0057", 0, ItemFlags.Static),
        new("input.transfer.low.min", "UPS.PowerConverter.Output.ffff0058", 0, ItemFlags.Static),
        new("input.transfer.high", "UPS.PowerConverter.Output.HighVoltageTransfer", 1, ItemFlags.SemiStatic, WritableLength: 5),
        new("input.transfer.high.max", "UPS.PowerConverter.Output.ffff0059", 0, ItemFlags.Static),
        new("input.transfer.high.min", "UPS.PowerConverter.Output.ffff005a", 0, ItemFlags.Static),

        new("output.voltage.nominal", "UPS.Flow.ConfigVoltage", 0, ItemFlags.Static),
        new("output.voltage", "UPS.PowerConverter.Output.Voltage", 1, Conversion: Conversion.IoVoltage),
        new("output.voltage", "UPS.PowerSummary.Voltage", 1, Conversion: Conversion.IoVoltage),
        new("output.current", "UPS.PowerConverter.Output.Current", 1, Conversion: Conversion.IoCurrent),
        new("output.frequency.nominal", "UPS.Flow.ConfigFrequency", 0, ItemFlags.Static),
        new("output.frequency", "UPS.PowerConverter.Output.Frequency", 1, Conversion: Conversion.IoFrequency),
    ];

    public static readonly IReadOnlyList<StatusItem> Status =
    [
        new("UPS.PowerSummary.PresentStatus.InternalFailure", StatusBits.CommFault),
        new("UPS.PowerSummary.PresentStatus.ShutdownImminent", StatusBits.ShutdownImminent),
        new("UPS.PowerSummary.PresentStatus.ACPresent", StatusBits.Online, ItemFlags.QuickPoll),
        new("UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit", StatusBits.LowBattery, ItemFlags.QuickPoll),
        new("UPS.PowerSummary.PresentStatus.FullyCharged", StatusBits.FullyCharged, ItemFlags.QuickPoll),
        new("UPS.PowerSummary.PresentStatus.Charging", StatusBits.Charging, ItemFlags.QuickPoll),
        new("UPS.PowerSummary.PresentStatus.Discharging", StatusBits.Discharging, ItemFlags.QuickPoll),
        new("UPS.PowerSummary.PresentStatus.FullyDischarged", StatusBits.Depleted, ItemFlags.QuickPoll),
        new("UPS.PowerSummary.PresentStatus.NeedReplacement", StatusBits.ReplaceBattery),
        // Some OMNI1000LCD declare these four on page 0x84 instead of 0x85 (NUT's TLACPresent,
        // TLDischarging, TLCharging, TLNeedReplacement); 0x840044/45 are ConfigActivePower and
        // ConfigPercentLoad in the Power Device tables, so that is how their paths read here.
        new("UPS.PowerSummary.PresentStatus.008400d0", StatusBits.Online, ItemFlags.QuickPoll),
        new("UPS.PowerSummary.PresentStatus.ConfigPercentLoad", StatusBits.Discharging, ItemFlags.QuickPoll),
        new("UPS.PowerSummary.PresentStatus.ConfigActivePower", StatusBits.Charging, ItemFlags.QuickPoll),
        new("UPS.PowerSummary.PresentStatus.0084004b", StatusBits.ReplaceBattery),
        new("UPS.PowerConverter.PresentStatus.VoltageOutOfRange", StatusBits.VoltageOutOfRange),
        new("UPS.PowerConverter.PresentStatus.Buck", StatusBits.Trim),
        new("UPS.PowerConverter.PresentStatus.Boost", StatusBits.Boost),
        new("UPS.PowerConverter.PresentStatus.Overload", StatusBits.Overload),
        new("UPS.PowerConverter.PresentStatus.OverTemperature", StatusBits.Overheat),
        new("UPS.PowerConverter.PresentStatus.InternalFailure", StatusBits.CommFault),
        new("UPS.PowerConverter.PresentStatus.AwaitingPower", StatusBits.AwaitingPower),
    ];

    public static readonly IReadOnlyList<CommandItem> Commands =
    [
        new("test.battery.start.quick", "UPS.BatterySystem.Test", "1"),
        new("test.battery.start.deep", "UPS.BatterySystem.Test", "2"),
        new("test.battery.stop", "UPS.BatterySystem.Test", "3"),
        new("test.battery.start.quick", "UPS.BatterySystem.Battery.Test", "1"),
        new("test.battery.start.deep", "UPS.BatterySystem.Battery.Test", "2"),
        new("test.battery.stop", "UPS.BatterySystem.Battery.Test", "3"),
        new("load.off.delay", "UPS.OutletSystem.Outlet.DelayBeforeShutdown", DefaultOffDelay),
        new("load.on.delay", "UPS.OutletSystem.Outlet.DelayBeforeStartup", DefaultOnDelay),
        new("load.on.delay", "UPS.OutletSystem.Outlet.ffff0056", DefaultOnDelay),
        new("shutdown.stop", "UPS.OutletSystem.Outlet.DelayBeforeShutdown", "-1"),
        new("shutdown.reboot", "UPS.OutletSystem.Outlet.DelayBeforeReboot", "10"),
        // The ECO550UPS has no DelayBeforeStartup: NUT reboots it through the watchdog.
        new("shutdown.reboot", "UPS.OutletSystem.Outlet.ffff0092", "10"),
        // If the watchdog ever reaches 0 the UPS power-cycles the load.
        new("reset.watchdog", "UPS.OutletSystem.Outlet.ffff0092", "60"),
        new("beeper.disable", "UPS.PowerSummary.AudibleAlarmControl", "1"),
        new("beeper.enable", "UPS.PowerSummary.AudibleAlarmControl", "2"),
        new("beeper.mute", "UPS.PowerSummary.AudibleAlarmControl", "3"),
    ];

    /// <summary>beeper_info of usbhid-ups.c.</summary>
    public static readonly IReadOnlyList<(long Value, string Text)> BeeperTexts = [(1, "disabled"), (2, "enabled"), (3, "muted")];

    /// <summary>test_read_info of usbhid-ups.c.</summary>
    public static readonly IReadOnlyList<(long Value, string Text)> TestResultTexts =
    [
        (1, "Done and passed"), (2, "Done and warning"), (3, "Done and error"), (4, "Aborted"),
        (5, "In progress"), (6, "No test initiated"), (7, "Test scheduled"),
    ];
}
