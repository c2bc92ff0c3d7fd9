using NutSharp.Devices;

namespace NutSharp.Drivers.DummyUps;

/// <summary>
/// The flags dummy-ups gives a variable whenever it sets it (from the file or by SET). NUT keeps
/// a fixed table of well-known names (drivers/dummy-ups.h, 2.8.0): its string entries are RW
/// STRING with the table's length, its numeric entries plain RW (shown as NUMBER). Every name
/// outside the table is RW STRING:32. The file has no way to declare types.
/// </summary>
public static class KnownVariables
{
    /// <summary>Flags and STRING length (0 for numbers) for one name.</summary>
    public readonly record struct Entry(VariableFlags Flags, int MaxLength);

    public static readonly Entry Unknown = new(VariableFlags.ReadWrite | VariableFlags.String, 32);

    private static readonly Dictionary<string, Entry> Table = Build();

    /// <summary>The table entry for a name, matched case-insensitively as NUT's strcasecmp lookup does.</summary>
    public static bool TryFind(string name, out Entry entry) => Table.TryGetValue(name, out entry);

    /// <summary>The flags a variable set to <paramref name="name"/> gets.</summary>
    public static Entry For(string name) => TryFind(name, out var entry) ? entry : Unknown;

    private static Dictionary<string, Entry> Build()
    {
        var table = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        void Text(int maxLength, params string[] names)
        {
            // The first entry wins: NUT's table lists ups.serial twice (32, then 16) and its lookup stops at the first.
            foreach (var n in names) table.TryAdd(n, new Entry(VariableFlags.ReadWrite | VariableFlags.String, maxLength));
        }
        void Numbers(params string[] names)
        {
            foreach (var n in names) table.TryAdd(n, new Entry(VariableFlags.ReadWrite, 0));
        }

        Text(32, "ups.mfr", "ups.model", "ups.status", "ups.serial", "ups.alarm");
        Text(16, "ups.time", "ups.date", "ups.mfr.date", "ups.firmware", "ups.firmware.aux", "ups.id", "ups.test.result");
        Text(6, "input.quality");
        Text(1, "input.transfer.reason", "input.sensitivity");
        Numbers(
            "ups.load", "ups.temperature", "ups.delay.start", "ups.delay.reboot", "ups.delay.shutdown", "ups.test.interval",
            "input.voltage", "input.voltage.maximum", "input.voltage.minimum", "input.voltage.nominal",
            "input.transfer.low", "input.transfer.high", "input.frequency",
            "input.transfer.boost.low", "input.transfer.boost.high", "input.transfer.trim.low", "input.transfer.trim.high",
            "output.voltage", "output.frequency", "output.current",
            "battery.charge", "battery.charge.low", "battery.voltage", "battery.current", "battery.runtime",
            "battery.runtime.low", "battery.charge.restart", "battery.temperature", "battery.voltage.nominal",
            "ambient.temperature", "ambient.temperature.alarm", "ambient.temperature.high", "ambient.temperature.low",
            "ambient.humidity", "ambient.humidity.alarm", "ambient.humidity.high", "ambient.humidity.low");
        return table;
    }
}
