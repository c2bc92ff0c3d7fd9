using NutSharp.Protocol;

namespace NutSharp.Devices;

/// <summary>
/// One batch of changes to a device: a driver's poll cycle, the lines of one read from a NUT
/// driver's socket, a dump. Opened by <see cref="Device.BeginUpdate"/> and committed by
/// <see cref="Dispose"/>, which publishes a new <see cref="DeviceSnapshot"/> if anything changed:
/// readers see the device before or after the whole batch, never half of it.
/// </summary>
/// <remarks>
/// <para>The batch holds the device's write lock. Do the slow work (I/O, parsing) first, then open
/// the batch, apply, and dispose it on the same thread: never await inside a batch. Readers take
/// no lock at all, so a batch never holds up a client.</para>
/// <para>A driver that throws inside a batch has the changes it made so far published when the
/// batch is disposed (C# cannot tell a dispose after an exception from a normal one); the driver
/// kit's supervisor then shows the device not connected and restarts the driver, so such a state
/// lasts only until the crash is handled.</para>
/// <para>The rules are upsd 2.8.0's (server/sstate.c and common/state.c): a value that changes
/// only in letter case is ignored, ENUM values are stored escaped, a RANGE whose min or max equals
/// an existing one's is a duplicate, names are matched without regard to case.</para>
/// </remarks>
public sealed class DeviceUpdate : IDisposable
{
    private readonly Device _device;
    private readonly SortedList<string, DeviceVariable> _variables = new(NameComparer.Instance);
    private readonly SortedList<string, string> _commands = new(NameComparer.Instance);
    private DriverLinkFlags _link;
    private bool _fsd;
    private bool _variablesChanged;
    private bool _commandsChanged;
    private bool _stateChanged;
    private bool _heard;
    private bool _open;

    internal DeviceUpdate(Device device) => _device = device;

    // ---------------------------------------------------------------- driver link

    /// <summary>
    /// A driver link came up: every variable and command is wiped, and unless
    /// <paramref name="showWait"/> is false ups.status reads <c>WAIT</c> until <see cref="DumpDone"/>
    /// (upsd right after it has asked a driver for DUMPALL).
    /// </summary>
    public void LinkUp(bool showWait = true)
    {
        EnsureOpen();
        if (_variables.Count > 0) { _variables.Clear(); _variablesChanged = true; }
        if (_commands.Count > 0) { _commands.Clear(); _commandsChanged = true; }
        if (showWait) Store("ups.status", "WAIT", ignoreCaseOnlyChange: false);
        SetLink(new DriverLinkFlags(Connected: true, DumpDone: false, DataOk: true, Silent: false));
        _heard = true;
    }

    /// <summary>The driver link is gone: every request gets DRIVER-NOT-CONNECTED until it comes back. The data stays.</summary>
    public void LinkDown()
    {
        EnsureOpen();
        SetLink(_link with { Connected = false, DumpDone = false });
    }

    /// <summary>The dump (or first full poll) is complete (DUMPDONE).</summary>
    public void DumpDone()
    {
        Heard();
        SetLink(_link with { DumpDone = true });
    }

    /// <summary>The driver vouches for its data again (DATAOK).</summary>
    public void DataOk()
    {
        Heard();
        SetLink(_link with { DataOk = true });
    }

    /// <summary>The driver cannot vouch for its data (DATASTALE): after the dump, requests get DATA-STALE.</summary>
    public void DataStale()
    {
        Heard();
        SetLink(_link with { DataOk = false });
    }

    /// <summary>Driver traffic that changes nothing (PONG): it still proves the driver is alive for MAXAGE.</summary>
    public void Heard()
    {
        EnsureOpen();
        _heard = true;
        if (_link.Silent) SetLink(_link with { Silent = false });
    }

    /// <summary>Whether the working table's link is up (what the last committed batch or this one said).</summary>
    public bool IsConnected => _link.Connected;

    // ---------------------------------------------------------------- variables

    /// <summary>Creates or updates a variable. A new value that differs only in letter case is ignored (upsd compares with strcasecmp).</summary>
    public void SetInfo(string name, string value)
    {
        Heard();
        Store(name, value, ignoreCaseOnlyChange: true);
    }

    public void DelInfo(string name)
    {
        Heard();
        if (_variables.Remove(name)) _variablesChanged = true;
    }

    /// <summary>Replaces the flags. Returns false when the variable does not exist (upsd drops the message).</summary>
    public bool SetFlags(string name, VariableFlags flags)
    {
        Heard();
        if (!_variables.TryGetValue(name, out var v)) return false;
        if (v.Flags != flags) Replace(v.WithFlags(flags));
        return true;
    }

    public bool SetAux(string name, int aux)
    {
        Heard();
        if (!_variables.TryGetValue(name, out var v)) return false;
        if (v.Aux != aux) Replace(v.WithAux(aux));
        return true;
    }

    /// <summary>Appends an ENUM value (stored escaped; an exact duplicate is ignored).</summary>
    public bool AddEnum(string name, string value)
    {
        Heard();
        if (!_variables.TryGetValue(name, out var v)) return false;
        var stored = Escaping.Encode(Sanitize(value));
        if (!v.Enums.Contains(stored, StringComparer.Ordinal)) Replace(v.WithEnums([.. v.Enums, stored]));
        return true;
    }

    public bool DelEnum(string name, string value)
    {
        Heard();
        if (!_variables.TryGetValue(name, out var v)) return false;
        // upsd compares the stored (escaped) entries with the raw value here, unlike ADDENUM.
        var raw = Sanitize(value);
        var enums = v.Enums.ToList();
        int i = enums.FindIndex(e => NameComparer.Instance.Equals(e, raw));
        if (i >= 0)
        {
            enums.RemoveAt(i);
            Replace(v.WithEnums([.. enums]));
        }
        return true;
    }

    /// <summary>
    /// Appends a RANGE. As in upsd, min &gt; max is rejected, and a range whose min or max equals
    /// an existing entry's is taken for a duplicate and dropped.
    /// </summary>
    public bool AddRange(string name, int min, int max)
    {
        Heard();
        if (!_variables.TryGetValue(name, out var v)) return false;
        if (min > max) return true;
        foreach (var r in v.Ranges)
            if (r.Min == min || r.Max == max) return true;
        Replace(v.WithRanges([.. v.Ranges, new ValueRange(min, max)]));
        return true;
    }

    public bool DelRange(string name, int min, int max)
    {
        Heard();
        if (!_variables.TryGetValue(name, out var v)) return false;
        var ranges = v.Ranges.ToList();
        int i = ranges.FindIndex(r => r.Min == min || r.Max == max);
        if (i >= 0)
        {
            ranges.RemoveAt(i);
            Replace(v.WithRanges([.. ranges]));
        }
        return true;
    }

    /// <summary>The value in the working table (this batch's changes included), or null.</summary>
    public string? GetValue(string name)
    {
        EnsureOpen();
        return _variables.TryGetValue(name, out var v) ? v.Value : null;
    }

    // ---------------------------------------------------------------- commands

    public void AddCommand(string name)
    {
        Heard();
        name = Sanitize(name);
        if (_commands.TryAdd(name, name)) _commandsChanged = true;
    }

    public void DelCommand(string name)
    {
        Heard();
        if (_commands.Remove(name)) _commandsChanged = true;
    }

    // ---------------------------------------------------------------- FSD and the store's own marks

    internal void SetFsd()
    {
        EnsureOpen();
        if (!_fsd) { _fsd = true; _stateChanged = true; }
    }

    /// <summary>The store's MAXAGE watch: the driver has (or no longer has) been silent too long.</summary>
    internal void SetSilent(bool silent)
    {
        EnsureOpen();
        if (_link.Silent != silent) SetLink(_link with { Silent = silent });
    }

    // ---------------------------------------------------------------- the batch

    internal void Open() => _open = true;

    /// <summary>Commits the batch: a new snapshot if anything changed, and the MAXAGE clock restarted if the driver was heard.</summary>
    public void Dispose()
    {
        if (!_open) return;
        _open = false;
        _device.Commit(this);
    }

    internal bool WasHeard => _heard;

    internal bool Changed => _variablesChanged || _commandsChanged || _stateChanged;

    /// <summary>Builds the snapshot for the commit and starts the next batch from a clean slate.</summary>
    internal DeviceSnapshot Publish(DeviceSnapshot previous)
    {
        var snapshot = new DeviceSnapshot(
            previous.DeviceName,
            previous.Version + 1,
            _variablesChanged ? [.. _variables.Values] : previous.VariableArray,
            _commandsChanged ? [.. _commands.Values] : previous.CommandArray,
            _link,
            _fsd);
        ResetMarks();
        return snapshot;
    }

    internal void ResetMarks()
    {
        _variablesChanged = _commandsChanged = _stateChanged = _heard = false;
    }

    private void EnsureOpen()
    {
        if (!_open) ThrowNotOpen();
    }

    private static void ThrowNotOpen() =>
        throw new InvalidOperationException("a device update must be opened with Device.BeginUpdate and used before it is disposed");

    private void SetLink(DriverLinkFlags link)
    {
        EnsureOpen();
        if (link == _link) return;
        _link = link;
        _stateChanged = true;
    }

    private void Store(string name, string value, bool ignoreCaseOnlyChange)
    {
        value = Sanitize(value);
        if (_variables.TryGetValue(name, out var existing))
        {
            if (ignoreCaseOnlyChange ? NameComparer.Instance.Equals(existing.Value, value) : existing.Value == value) return;
            Replace(existing.WithValue(value));
            return;
        }
        var created = DeviceVariable.Create(Sanitize(name), value);
        _variables.Add(created.Name, created);
        _variablesChanged = true;
    }

    private void Replace(DeviceVariable variable)
    {
        _variables[variable.Name] = variable;
        _variablesChanged = true;
    }

    /// <summary>Drops every byte the NUT protocol cannot carry (upsd's parser drops them too).</summary>
    private static string Sanitize(string s)
    {
        foreach (var c in s)
            if (c < 0x20 || c > 0x7F) return Filter(s);
        return s;

        static string Filter(string s)
        {
            var chars = new System.Text.StringBuilder(s.Length);
            foreach (var c in s) if (c >= 0x20 && c <= 0x7F) chars.Append(c);
            return chars.ToString();
        }
    }
}
