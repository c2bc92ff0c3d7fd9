namespace NutSharp.Drivers.Hid;

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
