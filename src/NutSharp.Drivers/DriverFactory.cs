using NutSharp.Config;
using NutSharp.Devices;
using NutSharp.Drivers.DummyUps;
using NutSharp.Drivers.Socket;

namespace NutSharp.Drivers;

/// <summary>
/// Picks the driver for a ups.conf section: a built-in one where NutSharp has it, otherwise the
/// NUT driver process's socket in STATEPATH. A new built-in driver is one line here.
/// </summary>
public static class DriverFactory
{
    /// <param name="externalDummyUps">
    /// dummy-ups sections to leave to the real NUT driver (its socket) instead of the built-in one:
    /// section names, or "*" for all.
    /// </param>
    public static DeviceDriver Create(UpsSection section, Device device, DriverContext context, IReadOnlyCollection<string> externalDummyUps)
    {
        bool external = externalDummyUps.Contains("*") || externalDummyUps.Contains(section.Name, StringComparer.OrdinalIgnoreCase);
        DeviceDriver driver = section.Driver switch
        {
            "dummy-ups" when !external && !IsRepeater(section) => new DummyUpsDriver(device, section, context),
            _ => new SocketDriver(device, section, context),
        };
        device.Driver = driver;
        return driver;
    }

    /// <summary>dummy-ups in repeater mode (port ups@host) is a NUT client, which is not built in: use the real driver.</summary>
    private static bool IsRepeater(UpsSection section)
        => section.Option("mode") == "repeater" || (section.Option("mode") is null && section.Port?.Contains('@') == true);
}
