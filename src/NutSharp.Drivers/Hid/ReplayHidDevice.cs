namespace NutSharp.Drivers.Hid;

/// <summary>
/// A recording standing in for a hidraw node: everything above the ioctls runs unchanged. Opening
/// one queues the recorded input reports, as a UPS sends its state when the interrupt pipe opens.
/// </summary>
public sealed class ReplayHidDevice : IHidDevice
{
    private readonly ReplayState _state;

    public ReplayHidDevice(ReplayState state, string name)
    {
        state.ThrowIfUnplugged(name);
        _state = state;
        var recording = state.Recording;
        Info = new HidDeviceInfo(name, recording.VendorId, recording.ProductId, recording.Serial, recording.Manufacturer, recording.Product, null, null);
        foreach (var report in recording.Input.Values) state.SendInput(report);
    }

    public HidDeviceInfo Info { get; }

    public byte[] ReadDescriptor()
    {
        _state.ThrowIfUnplugged(Info.Node);
        return _state.Recording.Descriptor.ToArray();
    }

    public int GetFeature(Span<byte> buffer) => _state.GetFeature(buffer, Info.Node);

    public void SetFeature(ReadOnlySpan<byte> report) => _state.SetFeature(report, Info.Node);

    public int ReadInput(Span<byte> buffer) => _state.ReadInput(buffer, Info.Node);

    public void Dispose()
    {
    }
}
