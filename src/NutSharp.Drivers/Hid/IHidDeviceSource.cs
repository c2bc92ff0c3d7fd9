using System.Runtime.Versioning;

namespace NutSharp.Drivers.Hid;

/// <summary>Where a HID driver finds its devices: hidraw nodes through sysfs, or a recording.</summary>
public interface IHidDeviceSource
{
    IReadOnlyList<HidDeviceInfo> Enumerate();

    IHidDevice Open(HidDeviceInfo info);
}

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

/// <summary>One recorded device; its state lives as long as the source, so SETs outlast reconnections.</summary>
public sealed class ReplaySource(ReplayState state, string name) : IHidDeviceSource
{
    public ReplayState State { get; } = state;

    /// <summary>Loads a recording file; a missing or broken file is a fault naming it.</summary>
    public static ReplaySource FromFile(string path) => new(new ReplayState(HidRecording.Load(path)), path);

    public IReadOnlyList<HidDeviceInfo> Enumerate()
    {
        if (State.Unplugged) return [];
        var r = State.Recording;
        return [new HidDeviceInfo(name, r.VendorId, r.ProductId, r.Serial, r.Manufacturer, r.Product, null, null)];
    }

    public IHidDevice Open(HidDeviceInfo info) => new ReplayHidDevice(State, name);
}
