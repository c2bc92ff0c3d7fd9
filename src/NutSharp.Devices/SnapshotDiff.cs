using NutSharp.Protocol;

namespace NutSharp.Devices;

/// <summary>What changed between two snapshots of one device, as <see cref="DeviceChange"/>s.</summary>
internal static class SnapshotDiff
{
    public static void AddChanges(List<DeviceChange> changes, Device device, DeviceSnapshot before, DeviceSnapshot now)
    {
        if (before.Link != now.Link) changes.Add(new LinkChanged(device, now, before.Link, now.Link));
        if (!before.Fsd && now.Fsd) changes.Add(new FsdSet(device, now));
        AddVariableChanges(changes, device, before.VariableArray, now);
        if (!ReferenceEquals(before.CommandArray, now.CommandArray) && !before.CommandArray.AsSpan().SequenceEqual(now.CommandArray))
            changes.Add(new CommandsChanged(device, now));
    }

    /// <summary>Both arrays are sorted by name: one merge walk finds the added, removed and changed variables.</summary>
    private static void AddVariableChanges(List<DeviceChange> changes, Device device, DeviceVariable[] before, DeviceSnapshot now)
    {
        var after = now.VariableArray;
        if (ReferenceEquals(before, after)) return;
        int i = 0, j = 0;
        while (i < before.Length || j < after.Length)
        {
            int order = i == before.Length ? 1 : j == after.Length ? -1 : NameComparer.Instance.Compare(before[i].Name, after[j].Name);
            if (order < 0)
            {
                changes.Add(new VariableChanged(device, now, before[i].Name, before[i].Value, null));
                i++;
            }
            else if (order > 0)
            {
                changes.Add(new VariableChanged(device, now, after[j].Name, null, after[j].Value));
                j++;
            }
            else
            {
                if (!SameContent(before[i], after[j]))
                    changes.Add(new VariableChanged(device, now, after[j].Name, before[i].Value, after[j].Value));
                i++;
                j++;
            }
        }
    }

    /// <summary>A driver that reconnects publishes the same values again as new objects: that is no change.</summary>
    private static bool SameContent(DeviceVariable a, DeviceVariable b) =>
        ReferenceEquals(a, b)
        || (a.Value == b.Value && a.Flags == b.Flags && a.Aux == b.Aux
            && a.Enums.SequenceEqual(b.Enums) && a.Ranges.SequenceEqual(b.Ranges));
}
