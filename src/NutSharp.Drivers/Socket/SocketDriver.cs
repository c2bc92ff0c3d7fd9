using NutSharp.Config;
using NutSharp.Devices;

namespace NutSharp.Drivers.Socket;

/// <summary>Placeholder until the built-in socket driver lands (same constructor).</summary>
public sealed class SocketDriver(Device device, UpsSection section, DriverContext context) : DeviceDriver(device, section)
{
    public DriverContext Context { get; } = context;
    public override Task RunAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);
    public override DeviceRequestResult SetVariable(string name, string value, string? trackingId) => DeviceRequestResult.Failed;
    public override DeviceRequestResult InstantCommand(string name, string? parameter, string? trackingId) => DeviceRequestResult.Failed;
}
