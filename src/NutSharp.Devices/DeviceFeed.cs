using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace NutSharp.Devices;

/// <summary>
/// One front-end's view of the store's changes (<see cref="DeviceStore.Subscribe"/>). Drivers never
/// wait for a feed: a commit only sets the feed's wake flag. When the feed reads, it compares the
/// snapshots it saw last with the latest ones and reports the differences. A slow reader therefore
/// skips intermediate states but always reaches the latest, and a stuck one costs nothing but the
/// snapshots it still holds.
/// </summary>
public sealed class DeviceFeed : IDisposable
{
    private readonly DeviceStore _store;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private Dictionary<Device, DeviceSnapshot> _seen = new(ReferenceEqualityComparer.Instance);

    internal DeviceFeed(DeviceStore store)
    {
        _store = store;
        Wake(); // the first read reports every device already there
    }

    internal void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>
    /// Waits until something has changed since the last read (the first read returns at once),
    /// then returns every change from what this feed saw last to the latest state, devices in
    /// LIST UPS order. Returns an empty list only once the feed is disposed.
    /// </summary>
    public async ValueTask<IReadOnlyList<DeviceChange>> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (await _wake.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            _wake.Reader.TryRead(out _);
            var changes = CatchUp();
            if (changes.Count > 0) return changes;
        }
        return [];
    }

    /// <summary>Every change, as it comes, until the feed is disposed or the token cancelled.</summary>
    public async IAsyncEnumerable<DeviceChange> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var changes = await ReadAsync(cancellationToken).ConfigureAwait(false);
            if (changes.Count == 0) yield break;
            foreach (var change in changes) yield return change;
        }
    }

    private List<DeviceChange> CatchUp()
    {
        var changes = new List<DeviceChange>();
        var next = new Dictionary<Device, DeviceSnapshot>(ReferenceEqualityComparer.Instance);
        foreach (var device in _store.Devices)
        {
            var now = device.Current;
            next[device] = now;
            if (!_seen.TryGetValue(device, out var before)) changes.Add(new DeviceAdded(device, now));
            else if (!ReferenceEquals(before, now)) SnapshotDiff.AddChanges(changes, device, before, now);
        }
        foreach (var (device, last) in _seen)
            if (!next.ContainsKey(device)) changes.Add(new DeviceRemoved(device, last));
        _seen = next;
        return changes;
    }

    public void Dispose()
    {
        _wake.Writer.TryComplete();
        _store.Unsubscribe(this);
    }
}
