using System.Runtime.Versioning;

namespace NutSharp.Drivers.Hid;

/// <summary>The real thing: /sys/class/hidraw and /dev/hidrawN.</summary>
[SupportedOSPlatform("linux")]
public sealed class HidrawSource(HidrawDiscovery discovery) : IHidDeviceSource
{
    public HidrawSource() : this(new HidrawDiscovery())
    {
    }

    public IReadOnlyList<HidDeviceInfo> Enumerate() => discovery.Enumerate();

    public IHidDevice Open(HidDeviceInfo info) => HidrawDevice.Open(info);
}
