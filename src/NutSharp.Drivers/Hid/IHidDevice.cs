namespace NutSharp.Drivers.Hid;

/// <summary>
/// The few things a HID driver asks of a device, whether a /dev/hidraw node (<see cref="HidrawDevice"/>)
/// or a recording (<see cref="ReplayHidDevice"/>). Buffers follow hidraw's convention: byte 0 is the
/// report ID (0 for unnumbered reports), the payload follows.
/// </summary>
public interface IHidDevice : IDisposable
{
    HidDeviceInfo Info { get; }

    /// <summary>The raw report descriptor.</summary>
    byte[] ReadDescriptor();

    /// <summary>GET_REPORT(Feature): <paramref name="buffer"/>[0] holds the ID; returns the bytes received, ID included.</summary>
    int GetFeature(Span<byte> buffer);

    /// <summary>SET_REPORT(Feature) with the whole report, ID first.</summary>
    void SetFeature(ReadOnlySpan<byte> report);

    /// <summary>One interrupt-IN report if one is waiting (ID first when numbered); 0 when none is.</summary>
    int ReadInput(Span<byte> buffer);
}
