using NutSharp.Protocol;

namespace NutSharp.Devices;

/// <summary>
/// Every device the server knows, in LIST UPS order (ups.conf order; a reload puts new devices in
/// front, as upsd does), and the change feed front-ends follow. Lookups are case-insensitive and
/// take no lock: the device list is an immutable array replaced on add and remove.
/// </summary>
public sealed class DeviceStore : IDisposable
{
    private volatile Device[] _devices = [];
    private volatile DeviceFeed[] _feeds = [];
    private readonly Lock _writeLock = new();
    private readonly ITimer _silenceWatch;

    /// <param name="time">The clock for MAXAGE; tests pass a fake one.</param>
    public DeviceStore(TrackingRegistry tracking, TimeProvider? time = null)
    {
        Tracking = tracking;
        Time = time ?? TimeProvider.System;
        _silenceWatch = Time.CreateTimer(_ => CheckSilence(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public TrackingRegistry Tracking { get; }

    public TimeProvider Time { get; }

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
        Device device;
        lock (_writeLock)
        {
            if (Find(name) is not null) throw new InvalidOperationException($"device {name} exists already");
            device = new Device(name, description, this);
            _devices = atFront ? [device, .. _devices] : [.. _devices, device];
        }
        NotifyChanged();
        return device;
    }

    public void Remove(Device device)
    {
        lock (_writeLock) _devices = [.. _devices.Where(d => d != device)];
        NotifyChanged();
    }

    /// <summary>
    /// Follows the store from now on: the first read returns every device as added, later reads
    /// what changed since. Dispose the feed when done.
    /// </summary>
    public DeviceFeed Subscribe()
    {
        var feed = new DeviceFeed(this);
        lock (_writeLock) _feeds = [.. _feeds, feed];
        return feed;
    }

    internal void Unsubscribe(DeviceFeed feed)
    {
        lock (_writeLock) _feeds = [.. _feeds.Where(f => f != feed)];
    }

    /// <summary>Wakes every feed; each one then catches up with the latest state on its own time.</summary>
    internal void NotifyChanged()
    {
        foreach (var feed in _feeds) feed.Wake();
    }

    private void CheckSilence()
    {
        foreach (var d in _devices) d.CheckSilence();
    }

    public void Dispose()
    {
        _silenceWatch.Dispose();
        foreach (var feed in _feeds) feed.Dispose();
    }
}
