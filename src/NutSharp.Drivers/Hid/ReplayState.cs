namespace NutSharp.Drivers.Hid;

/// <summary>
/// The live state of a replayed device, kept across reconnections: the reports (a SET_FEATURE
/// changes them, so SET VAR and INSTCMD can be followed end to end), and faults a test switches on
/// (unplugged, a report answered short or refused). Thread-safe: a test changes it while a driver reads.
/// </summary>
public sealed class ReplayState
{
    private readonly Lock _lock = new();
    private readonly Dictionary<byte, byte[]> _feature;
    private readonly Queue<byte[]> _pendingInput = new();
    private readonly HashSet<byte> _shortReports = [];
    private readonly HashSet<byte> _refusedReports = [];
    private readonly List<byte[]> _writes = [];
    private bool _unplugged;

    public ReplayState(HidRecording recording)
    {
        Recording = recording;
        _feature = recording.Feature.ToDictionary(r => r.Key, r => r.Value.ToArray());
    }

    public HidRecording Recording { get; }

    /// <summary>While true every call fails as an unplugged hidraw node does, and no device can be opened.</summary>
    public bool Unplugged
    {
        get { lock (_lock) return _unplugged; }
        set { lock (_lock) _unplugged = value; }
    }

    /// <summary>Makes a feature report come back one byte short (or normal again).</summary>
    public void AnswerShort(byte id, bool enabled = true)
    {
        lock (_lock) if (enabled) _shortReports.Add(id); else _shortReports.Remove(id);
    }

    /// <summary>Makes the device STALL a feature report (EPIPE), or answer it again.</summary>
    public void Refuse(byte id, bool enabled = true)
    {
        lock (_lock) if (enabled) _refusedReports.Add(id); else _refusedReports.Remove(id);
    }

    /// <summary>Replaces a feature report's buffer (ID first), as if the UPS's state changed.</summary>
    public void SetReport(byte[] report)
    {
        lock (_lock) _feature[report[0]] = report.ToArray();
    }

    /// <summary>Queues an interrupt-IN report, as if the UPS sent an event.</summary>
    public void SendInput(byte[] report)
    {
        lock (_lock) _pendingInput.Enqueue(report.ToArray());
    }

    /// <summary>Every SET_FEATURE buffer received so far, in order.</summary>
    public IReadOnlyList<byte[]> Writes
    {
        get { lock (_lock) return [.. _writes]; }
    }

    public byte[]? Report(byte id)
    {
        lock (_lock) return _feature.TryGetValue(id, out var r) ? r.ToArray() : null;
    }

    internal int GetFeature(Span<byte> buffer, string node)
    {
        lock (_lock)
        {
            ThrowIfUnplugged(node);
            byte id = buffer[0];
            if (_refusedReports.Contains(id) || !_feature.TryGetValue(id, out var report))
                throw new HidDeviceException(HidFailure.Refused, $"{node}: the device refused feature report 0x{id:x2} (Broken pipe)");
            int length = Math.Min(buffer.Length, _shortReports.Contains(id) ? report.Length - 1 : report.Length);
            report.AsSpan(0, length).CopyTo(buffer);
            return length;
        }
    }

    internal void SetFeature(ReadOnlySpan<byte> report, string node)
    {
        lock (_lock)
        {
            ThrowIfUnplugged(node);
            if (report.Length < 2) throw new HidDeviceException(HidFailure.Other, $"{node}: a feature report needs at least 2 bytes (Invalid argument)");
            if (!_feature.ContainsKey(report[0]) || _refusedReports.Contains(report[0]))
                throw new HidDeviceException(HidFailure.Refused, $"{node}: the device refused feature report 0x{report[0]:x2} (Broken pipe)");
            _feature[report[0]] = report.ToArray();
            _writes.Add(report.ToArray());
        }
    }

    internal int ReadInput(Span<byte> buffer, string node)
    {
        lock (_lock)
        {
            ThrowIfUnplugged(node);
            if (!_pendingInput.TryDequeue(out var report)) return 0;
            int length = Math.Min(buffer.Length, report.Length);
            report.AsSpan(0, length).CopyTo(buffer);
            return length;
        }
    }

    internal void ThrowIfUnplugged(string node)
    {
        if (Unplugged) throw new HidDeviceException(HidFailure.Gone, $"{node}: the device is gone (No such device)");
    }
}
