namespace NutSharp.Devices;

/// <summary>
/// The narrow way back from a front-end to a device's driver. Drivers publish through
/// <see cref="Device.BeginUpdate"/>; front-ends only ever call these two methods, on the thread that
/// serves their clients, so they must never block: hand the request over and report the outcome
/// later with <see cref="Device.CompleteTracking"/>. (The driver kit's base class does this.)
/// </summary>
public interface IDeviceDriver
{
    /// <summary>SET VAR, already validated by the server (RW, length, ENUM, RANGE). The name is as the client typed it.</summary>
    DeviceRequestResult SetVariable(string name, string value, string? trackingId);

    /// <summary>INSTCMD, already checked against the device's command list. The name is as the client typed it.</summary>
    DeviceRequestResult InstantCommand(string name, string? parameter, string? trackingId);
}
