using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using NutSharp.Devices;

namespace NutSharp.Http.History;

/// <summary>
/// Keeps every device's recent history (<see cref="DeviceHistory"/>) in memory, fed by the device
/// store's change feed: a sample is taken when one of the charted figures changes or the driver
/// link does (a gap while the data cannot be trusted). Reading the feed costs the drivers nothing;
/// a recorder that falls behind skips intermediate states, as every feed reader does.
/// </summary>
public sealed class HistoryRecorder(DeviceStore store, HistorySettings settings) : BackgroundService
{
    // Keyed by the device itself, not its name: a reload that replaces a device by another of the
    // same name reports the new one's addition before the old one's removal.
    private readonly ConcurrentDictionary<Device, DeviceHistory> _histories = new(ReferenceEqualityComparer.Instance);

    public HistorySettings Settings => settings;

    /// <summary>The history of the device of that name (matched as NUT matches names), or null.</summary>
    public DeviceHistory? Find(string deviceName) =>
        store.Find(deviceName) is { } device && _histories.TryGetValue(device, out var history) ? history : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var feed = store.Subscribe();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var changes = await feed.ReadAsync(stoppingToken).ConfigureAwait(false);
                if (changes.Count == 0) return;
                Apply(changes);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Takes in one read of the feed (public for tests that drive the feed themselves).</summary>
    public void Apply(IReadOnlyList<DeviceChange> changes)
    {
        long now = store.Time.GetUtcNow().ToUnixTimeMilliseconds();
        Device? recorded = null;
        foreach (var change in changes)
        {
            switch (change)
            {
                case DeviceRemoved removed:
                    _histories.TryRemove(removed.Device, out _);
                    continue;
                case DeviceAdded:
                    _histories[change.Device] = new DeviceHistory(change.Device.Name, settings.Capacity, settings.Resolution);
                    break;
                case VariableChanged variable when HistoryFigure.IsTracked(variable.Name):
                case LinkChanged:
                    break;
                default:
                    continue;
            }
            // One read reports each device's changes together, all with the same snapshot: one sample each.
            if (ReferenceEquals(recorded, change.Device)) continue;
            recorded = change.Device;
            if (_histories.TryGetValue(change.Device, out var history))
                history.Record(HistorySample.From(now, change.Snapshot));
        }
    }
}
