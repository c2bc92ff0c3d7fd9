using NutSharp.Devices;

namespace NutSharp.Http;

/// <summary>
/// What the page and the history chart for a device: a UPS (battery figures), or an electricity
/// meter (the teleinfo driver's <c>device.type = meter</c>: power and current, never a battery).
/// </summary>
public enum DeviceKind
{
    Ups,
    Meter,
}

public static class DeviceKinds
{
    public static DeviceKind Of(DeviceSnapshot snapshot) =>
        string.Equals(snapshot["device.type"], "meter", StringComparison.OrdinalIgnoreCase) ? DeviceKind.Meter : DeviceKind.Ups;
}
