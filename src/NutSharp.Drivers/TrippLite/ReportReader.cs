using NutSharp.Drivers.Hid;

namespace NutSharp.Drivers.TrippLite;

/// <summary>
/// Reads feature reports for one update cycle, each report once however many fields it holds
/// (NUT's report buffer), and checks what comes back: the requested ID in byte 0 and the length
/// the descriptor declares.
/// </summary>
public sealed class ReportReader(IHidDevice device, ReportDescriptor descriptor)
{
    private readonly Dictionary<byte, byte[]> _cycle = [];

    /// <summary>Forgets the reports read so far: the next reads go to the device.</summary>
    public void NewCycle() => _cycle.Clear();

    /// <summary>The whole feature report (ID first); a refused, short or foreign report is a <see cref="HidDeviceException"/>.</summary>
    public byte[] Feature(byte id)
    {
        if (_cycle.TryGetValue(id, out var cached)) return cached;
        // hidraw puts the ID byte (0 for unnumbered reports) in front of every feature report.
        int expected = descriptor.LengthOf(HidReportType.Feature, id) + (descriptor.HasNumberedReports ? 0 : 1);
        var report = Get(id, expected);
        _cycle[id] = report;
        return report;
    }

    /// <summary>A report by ID without a descriptor to say its length (protocol-2012 fallbacks): takes what comes, at least <paramref name="minimum"/> bytes.</summary>
    public byte[] FeatureOfAtLeast(byte id, int minimum)
    {
        if (_cycle.TryGetValue(id, out var cached) && cached.Length >= minimum) return cached;
        var report = Get(id, 0);
        if (report.Length < minimum)
            throw new HidDeviceException(HidFailure.BadReport, $"{device.Info.Node}: feature report 0x{id:x2} came back with {report.Length} bytes, expected at least {minimum}");
        _cycle[id] = report;
        return report;
    }

    /// <summary>Drops a report from the cycle's cache (after writing it).</summary>
    public void Forget(byte id) => _cycle.Remove(id);

    private byte[] Get(byte id, int expected)
    {
        // Room beyond the declared length, so a device answering longer than it declares is seen, not truncated.
        var buffer = new byte[Math.Max(expected, 2) + 64];
        buffer[0] = id;
        int length = device.GetFeature(buffer);
        if (length <= 0)
            throw new HidDeviceException(HidFailure.BadReport, $"{device.Info.Node}: feature report 0x{id:x2} came back empty");
        if (buffer[0] != id)
            throw new HidDeviceException(HidFailure.BadReport, $"{device.Info.Node}: asked for feature report 0x{id:x2}, got 0x{buffer[0]:x2}");
        if (expected > 0 && length < expected)
            throw new HidDeviceException(HidFailure.BadReport, $"{device.Info.Node}: feature report 0x{id:x2} came back with {length} bytes, the descriptor says {expected}");
        return buffer.AsSpan(0, expected > 0 ? expected : length).ToArray();
    }
}
