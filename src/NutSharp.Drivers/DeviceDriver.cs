using Microsoft.Extensions.Logging;
using NutSharp.Config;
using NutSharp.Devices;

namespace NutSharp.Drivers;

/// <summary>What every driver gets from the host.</summary>
/// <param name="ConfPath">NUT_CONFPATH: relative dummy-ups port files are resolved against it.</param>
/// <param name="StatePath">STATEPATH: where NUT driver processes put their sockets.</param>
public sealed record DriverContext(string ConfPath, string StatePath, ILoggerFactory LoggerFactory);

/// <summary>
/// A driver feeding one <see cref="Device"/>. It publishes through the device and receives SET and
/// INSTCMD through <see cref="IDeviceDriver"/>; it never sees a client. <see cref="RunAsync"/>
/// runs until cancelled and must survive every failure of what it reads (it reports the device as
/// not connected or stale instead).
/// </summary>
public abstract class DeviceDriver(Device device, UpsSection section) : IDeviceDriver
{
    public Device Device { get; } = device;
    public UpsSection Section { get; } = section;

    public abstract Task RunAsync(CancellationToken cancellationToken);

    public abstract DeviceRequestResult SetVariable(string name, string value, string? trackingId);

    public abstract DeviceRequestResult InstantCommand(string name, string? parameter, string? trackingId);
}
