namespace NutSharp.Drivers.Hid;

/// <summary>Where a HID driver finds its devices: hidraw nodes through sysfs, or a recording.</summary>
public interface IHidDeviceSource
{
    IReadOnlyList<HidDeviceInfo> Enumerate();

    IHidDevice Open(HidDeviceInfo info);
}
