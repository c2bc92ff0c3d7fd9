using NutSharp.Config;
using NutSharp.Drivers.DummyUps;
using NutSharp.Drivers.Socket;

namespace NutSharp.Drivers;

/// <summary>
/// The drivers NutSharp has built in, and the choice for a ups.conf section: a built-in driver
/// where NutSharp has it, otherwise the NUT driver process's socket in STATEPATH. A new built-in
/// driver is one line in <see cref="BuiltIn"/>.
/// </summary>
public static class DriverFactory
{
    /// <summary>Built-in drivers by ups.conf driver name.</summary>
    private static readonly Dictionary<string, Func<DriverContext, DeviceDriver>> BuiltIn = new(StringComparer.Ordinal)
    {
        [DummyUpsDriver.DriverName] = context => new DummyUpsDriver(context),
    };

    /// <summary>Whether NutSharp has a built-in driver for this ups.conf driver name.</summary>
    public static bool HasBuiltIn(string? driver) => driver is not null && BuiltIn.ContainsKey(driver);

    /// <param name="externalDummyUps">
    /// dummy-ups sections to leave to the real NUT driver (its socket) instead of the built-in one:
    /// section names, or "*" for all.
    /// </param>
    public static DeviceDriver Create(DriverContext context, IReadOnlyCollection<string> externalDummyUps)
    {
        var section = context.Section;
        bool external = externalDummyUps.Contains("*") || externalDummyUps.Contains(section.Name, StringComparer.OrdinalIgnoreCase);
        if (!external && !IsRepeater(section) && section.Driver is not null && BuiltIn.TryGetValue(section.Driver, out var create))
            return create(context);
        return new SocketDriver(context);
    }

    /// <summary>dummy-ups in repeater mode (port ups@host) is a NUT client, which is not built in: use the real driver.</summary>
    private static bool IsRepeater(UpsSection section)
        => section.Option("mode") == "repeater" || (section.Option("mode") is null && section.Port?.Contains('@') == true);
}
