using NutSharp.Protocol;

namespace NutSharp.Devices;

/// <summary>
/// Every device the server knows, in LIST UPS order (ups.conf order; a reload puts new devices in
/// front, as upsd does). Lookups are case-insensitive. Readers get an immutable snapshot, so
/// sessions never lock the store itself.
/// </summary>
public sealed class DeviceStore
{
    private volatile Device[] _devices = [];
    private readonly object _writeLock = new();

    public DeviceStore(TrackingRegistry tracking) => Tracking = tracking;

    public TrackingRegistry Tracking { get; }

    public IReadOnlyList<Device> Devices => _devices;

    public Device? Find(ReadOnlySpan<byte> name)
    {
        foreach (var d in _devices)
            if (NameComparer.EqualsIgnoreCase(name, d.Name)) return d;
        return null;
    }

    public Device? Find(string name)
    {
        foreach (var d in _devices)
            if (NameComparer.Instance.Equals(name, d.Name)) return d;
        return null;
    }

    /// <summary>Adds a device at the end (start-up, file order) or at the front (reload).</summary>
    public Device Add(string name, string? description, bool atFront = false)
    {
        lock (_writeLock)
        {
            if (Find(name) is not null) throw new InvalidOperationException($"device {name} exists already");
            var device = new Device(name, description, Tracking);
            _devices = atFront ? [device, .. _devices] : [.. _devices, device];
            return device;
        }
    }

    public void Remove(Device device)
    {
        lock (_writeLock) _devices = [.. _devices.Where(d => d != device)];
    }
}
