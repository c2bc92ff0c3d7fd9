using NutSharp.Config;
using NutSharp.Devices;
using NutSharp.Drivers.DummyUps;
using NutSharp.Drivers.Selection;
using NutSharp.Drivers.Socket;

namespace NutSharp.Drivers;

/// <summary>
/// Makes the driver for a ups.conf section: NutSharp's built-in one or the NUT driver process's
/// socket in STATEPATH, as <see cref="DriverSelection"/> decided. A new built-in driver is one line
/// in <see cref="HasBuiltIn"/> and one in <see cref="CreateBuiltIn"/>.
/// </summary>
public static class DriverFactory
{
    public static DeviceDriver Create(UpsSection section, Device device, DriverContext context, ServedBy servedBy)
    {
        DeviceDriver driver = servedBy == ServedBy.BuiltIn
            ? CreateBuiltIn(section, device, context)
            : new SocketDriver(device, section, context);
        device.Driver = driver;
        return driver;
    }

    /// <summary>True when NutSharp has a built-in driver able to serve this section.</summary>
    public static bool HasBuiltIn(UpsSection section) => section.Driver switch
    {
        "dummy-ups" => !IsRepeater(section),
        _ => false,
    };

    /// <summary>What <see cref="DriverSelection"/> needs to know about a section.</summary>
    public static SectionDriver Describe(UpsSection section)
    {
        string driver = section.Driver ?? "";
        return new SectionDriver(section.Name, driver, HasBuiltIn(section), NutDrivers.Has(driver),
            driver == "dummy-ups" && IsRepeater(section) ? "dummy-ups in repeater mode" : null);
    }

    private static DeviceDriver CreateBuiltIn(UpsSection section, Device device, DriverContext context) => section.Driver switch
    {
        "dummy-ups" => new DummyUpsDriver(device, section, context),
        _ => throw new InvalidOperationException($"NutSharp has no built-in driver for [{section.Name}] (driver {section.Driver})"),
    };

    /// <summary>dummy-ups in repeater mode (port ups@host) is a NUT client, which is not built in: use the real driver.</summary>
    private static bool IsRepeater(UpsSection section)
        => section.Option("mode") == "repeater" || (section.Option("mode") is null && section.Port?.Contains('@') == true);
}
