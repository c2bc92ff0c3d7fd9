namespace NutSharp.Drivers.Hid;

/// <summary>A failed exchange with a HID device (an I/O fault: the driver kit reports it once and reconnects).</summary>
public sealed class HidDeviceException(HidFailure failure, string message, Exception? inner = null) : IOException(message, inner)
{
    public HidFailure Failure { get; } = failure;
}
