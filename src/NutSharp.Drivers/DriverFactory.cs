using NutSharp.Config;
using NutSharp.Drivers.DummyUps;
using NutSharp.Drivers.Selection;
using NutSharp.Drivers.Socket;
using NutSharp.Drivers.Teleinfo;
using NutSharp.Drivers.TrippLite;

namespace NutSharp.Drivers;

/// <summary>
/// Makes the driver for a ups.conf section: NutSharp's built-in one or the NUT driver process's
/// socket in STATEPATH, as <see cref="DriverSelection"/> decided. A new built-in driver is one line
/// in <see cref="BuiltIn"/>.
/// </summary>
public static class DriverFactory
{
    /// <summary>Built-in drivers by ups.conf driver name.</summary>
    private static readonly Dictionary<string, Func<DriverContext, DeviceDriver>> BuiltIn = new(StringComparer.Ordinal)
    {
        [DummyUpsDriver.DriverName] = context => new DummyUpsDriver(context),
        [TeleinfoDriver.DriverName] = context => new TeleinfoDriver(context),
        [TrippLiteDriver.DriverName] = context => new TrippLiteDriver(context),
    };

    public static DeviceDriver Create(DriverContext context, ServedBy servedBy)
    {
        var section = context.Section;
        if (servedBy != ServedBy.BuiltIn) return new SocketDriver(context);
        return HasBuiltIn(section)
            ? BuiltIn[section.Driver!](context)
            : throw new InvalidOperationException($"NutSharp has no built-in driver for [{section.Name}] (driver {section.Driver})");
    }

    /// <summary>True when NutSharp has a built-in driver able to serve this section.</summary>
    public static bool HasBuiltIn(UpsSection section) =>
        section.Driver is { } driver && BuiltIn.ContainsKey(driver) && !(driver == DummyUpsDriver.DriverName && IsRepeater(section))
        && !(driver == TrippLiteDriver.DriverName && !TrippLiteDriver.CanServe(section));

    /// <summary>What <see cref="DriverSelection"/> needs to know about a section.</summary>
    public static SectionDriver Describe(UpsSection section)
    {
        string driver = section.Driver ?? "";
        return new SectionDriver(section.Name, driver, HasBuiltIn(section), NutDrivers.Has(driver),
            driver == DummyUpsDriver.DriverName && IsRepeater(section) ? "dummy-ups in repeater mode"
            : driver == TrippLiteDriver.DriverName && !TrippLiteDriver.CanServe(section) ? "usbhid-ups for a UPS other than Tripp Lite (vendorid 09ae)" : null);
    }

    /// <summary>dummy-ups in repeater mode (port ups@host) is a NUT client, which is not built in: use the real driver.</summary>
    private static bool IsRepeater(UpsSection section)
        => section.Option("mode") == "repeater" || (section.Option("mode") is null && section.Port?.Contains('@') == true);
}
