namespace NutSharp.Devices;

/// <summary>
/// One thing a <see cref="DeviceFeed"/> reports. <see cref="Snapshot"/> is the device as the feed
/// saw it when it produced the change (for <see cref="DeviceRemoved"/>, the last one it saw).
/// </summary>
public abstract record DeviceChange(Device Device, DeviceSnapshot Snapshot);

/// <summary>A device appeared (start-up, reload), or the feed started and this device was there.</summary>
public sealed record DeviceAdded(Device Device, DeviceSnapshot Snapshot) : DeviceChange(Device, Snapshot);

/// <summary>A reload removed the device.</summary>
public sealed record DeviceRemoved(Device Device, DeviceSnapshot Snapshot) : DeviceChange(Device, Snapshot);

/// <summary>
/// A variable appeared (<see cref="OldValue"/> null), went (<see cref="NewValue"/> null), or changed
/// its value, flags, ENUM or RANGE.
/// </summary>
public sealed record VariableChanged(Device Device, DeviceSnapshot Snapshot, string Name, string? OldValue, string? NewValue)
    : DeviceChange(Device, Snapshot);

/// <summary>The instant commands changed.</summary>
public sealed record CommandsChanged(Device Device, DeviceSnapshot Snapshot) : DeviceChange(Device, Snapshot);

/// <summary>The driver link changed: connected, waiting for the dump, stale, not connected.</summary>
public sealed record LinkChanged(Device Device, DeviceSnapshot Snapshot, LinkState OldState, LinkState NewState)
    : DeviceChange(Device, Snapshot);

/// <summary>FSD was set on the device.</summary>
public sealed record FsdSet(Device Device, DeviceSnapshot Snapshot) : DeviceChange(Device, Snapshot);
