using NutSharp.Devices;
using NutSharp.Protocol;

namespace NutSharp.Tests.Devices;

/// <summary>Short ways for tests to read a device's current snapshot.</summary>
internal static class DeviceTestExtensions
{
    /// <summary>What upsd would answer a request on the device now: DRIVER-NOT-CONNECTED, DATA-STALE, or null when usable.</summary>
    public static NutError? Availability(this Device device) => device.Availability(device.Current) switch
    {
        NutSharp.Devices.Availability.NotConnected => NutError.DriverNotConnected,
        NutSharp.Devices.Availability.Stale => NutError.DataStale,
        _ => null,
    };

    public static bool IsConnected(this Device device) => device.Current.Connected;

    public static IReadOnlyList<(string Name, string Value)> SnapshotVariables(this Device device) =>
        [.. device.Current.Variables.Select(v => (v.Name, v.Value))];

    public static IReadOnlyList<string> SnapshotCommands(this Device device) => device.Current.Commands;

    public static bool HasCommand(this Device device, string name) => device.Current.HasCommand(name);

    public static bool TryGetVariable(this Device device, string name, out DeviceVariable variable)
    {
        variable = device.Current.Find(name)!;
        return variable is not null;
    }

    /// <summary>Publishes one batch.</summary>
    public static void Publish(this Device device, Action<DeviceUpdate> apply)
    {
        using var update = device.BeginUpdate();
        apply(update);
    }
}
