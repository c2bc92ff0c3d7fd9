namespace NutSharp.Drivers.Teleinfo;

/// <summary>
/// The meter's latest value for each label, built from complete frames: what the driver and
/// <c>nutsharp teleinfo</c> publish. Only groups whose checksum passed are taken; a label whose
/// group failed keeps its previous frame's value (hardware.md §3.2).
/// </summary>
/// <remarks>
/// <para>A label missing from a complete frame is dropped: ADPS, the historic overrun warning, is
/// sent only while the overrun lasts, and the next frame without it ends the alarm.</para>
/// <para>Three-phase historic meters are the exception: during a phase overrun they alternate 20
/// short frames (ADIR1–3, ADCO, IINST1–3) with one long frame. A short frame (one holding an
/// ADIRn) drops nothing, and an ADIRn is kept <see cref="ShortFrameLabelLifetime"/> after it was
/// last seen, so the alarm does not flicker off on every long frame.</para>
/// </remarks>
public sealed class TeleinfoReadings(TimeProvider time)
{
    /// <summary>How long an ADIRn outlives its last short frame (the meter itself goes on one minute after the overrun).</summary>
    public static readonly TimeSpan ShortFrameLabelLifetime = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, (string Value, string? Horodate, long Seen)> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inFrame = new(StringComparer.Ordinal);

    /// <summary>Current values by label.</summary>
    public IEnumerable<KeyValuePair<string, string>> Values => _values.Select(p => KeyValuePair.Create(p.Key, p.Value.Value));

    public int Count => _values.Count;

    public string? this[string label] => _values.TryGetValue(label, out var v) ? v.Value : null;

    /// <summary>The horodate sent with the label's value (standard mode), or null.</summary>
    public string? Horodate(string label) => _values.TryGetValue(label, out var v) ? v.Horodate : null;

    /// <summary>Takes a complete frame; returns false (and changes nothing) when none of its groups passed its checksum.</summary>
    public bool Apply(IReadOnlyList<TeleinfoGroup> frame)
    {
        if (!frame.Any(g => g.Valid)) return false;
        long now = time.GetTimestamp();
        _inFrame.Clear();
        bool shortFrame = false;
        foreach (var group in frame)
        {
            _inFrame.Add(group.Label);
            shortFrame |= IsShortFrameLabel(group.Label);
            if (group.Valid) _values[group.Label] = (group.Value, group.Horodate, now);
        }
        foreach (var (label, (_, _, seen)) in _values.ToList())
        {
            bool gone = IsShortFrameLabel(label)
                ? time.GetElapsedTime(seen) > ShortFrameLabelLifetime
                : !shortFrame && !_inFrame.Contains(label);
            if (gone) _values.Remove(label);
        }
        return true;
    }

    /// <summary>Forgets everything (the port was reopened: what comes next may be another meter, or another mode).</summary>
    public void Clear() => _values.Clear();

    private static bool IsShortFrameLabel(string label) => label is "ADIR1" or "ADIR2" or "ADIR3";
}
