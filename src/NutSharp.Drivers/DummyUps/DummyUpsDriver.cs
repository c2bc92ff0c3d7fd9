using NutSharp.Config;
using NutSharp.Devices;

namespace NutSharp.Drivers.DummyUps;

/// <summary>Placeholder until the built-in dummy-ups lands (same constructor).</summary>
public sealed class DummyUpsDriver(Device device, UpsSection section, DriverContext context) : DeviceDriver(device, section)
{
    public DriverContext Context { get; } = context;
    public override Task RunAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);
    public override DeviceRequestResult SetVariable(string name, string value, string? trackingId) => DeviceRequestResult.Failed;
    public override DeviceRequestResult InstantCommand(string name, string? parameter, string? trackingId) => DeviceRequestResult.Failed;
}
