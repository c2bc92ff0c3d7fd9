namespace NutSharp.Drivers.Hid;

/// <summary>
/// What identifies a HID device before it is opened (from sysfs, or from a recording): what
/// usbhid-ups' <c>vendorid</c>, <c>productid</c>, <c>serial</c>, <c>vendor</c>, <c>product</c> and
/// <c>bus</c> options match against.
/// </summary>
/// <param name="Node">The device node (/dev/hidraw3), or the recording's file name.</param>
/// <param name="Bus">The USB bus number as NUT shows it (three digits, "001"); null when unknown.</param>
/// <param name="Port">The physical path (HID_PHYS without the interface, e.g. usb-0000:00:14.0-1): stays the same when the UPS is plugged back into the same port.</param>
public sealed record HidDeviceInfo(
    string Node, ushort VendorId, ushort ProductId, string? Serial, string? Manufacturer, string? Product, string? Bus, string? Port)
{
    /// <summary>"09ae:3016 (/dev/hidraw3)" for messages.</summary>
    public override string ToString() => $"{VendorId:x4}:{ProductId:x4} ({Node})";
}
